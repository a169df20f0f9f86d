#!/usr/bin/env bash
# The official redis image's entrypoint interface on Debian's Redis: options alone (or a
# .conf file) run redis-server with them; the server runs as redis, in the foreground, in
# /data, on every interface.
set -eo pipefail

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
    find . \! -user redis -exec chown redis '{}' +
    export HOME=/data
    exec setpriv --reuid=redis --regid=redis --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = 'redis-server' ]; then
    # The official image's redis is built with protected mode off, so that other containers
    # can connect; Debian's keeps it on. Turn it off unless a config file or option decides.
    decided=
    for arg in "$@"; do
        case "$arg" in
            *.conf | --protected-mode) decided=1 ;;
        esac
    done
    if [ -z "$decided" ]; then
        set -- redis-server --protected-mode no "${@:2}"
    fi
    umask 0077
fi

exec "$@"
