#!/usr/bin/env bash
# The official memcached image's entrypoint interface: options alone run memcached with them.
# memcached with no -l listens on every interface.
set -e

if [ "${1:0:1}" = '-' ]; then
    set -- memcached "$@"
fi

exec "$@"
