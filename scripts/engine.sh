#!/usr/bin/env bash
# Makes a Docker engine available: uses a running one, else installs Debian's
# docker.io (when missing) and starts dockerd in the background, then waits for the socket.
# Prints the DOCKER_HOST to use on stdout; progress on stderr.
set -euo pipefail

log() { echo "engine: $*" >&2; }
sock=/var/run/docker.sock

engine_answers() {
  if [ -n "${DOCKER_HOST:-}" ]; then
    curl -fsS --max-time 2 "${DOCKER_HOST/tcp:/http:}/_ping" >/dev/null 2>&1 && return 0
    [[ "$DOCKER_HOST" == unix://* ]] && curl -fsS --max-time 2 --unix-socket "${DOCKER_HOST#unix://}" http://d/_ping >/dev/null 2>&1 && return 0
    return 1
  fi
  [ -S "$sock" ] && curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1
}

if engine_answers; then
  log "a Docker engine is already running"
  echo "${DOCKER_HOST:-unix://$sock}"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "error: no Docker engine and not root: cannot install docker.io" >&2; exit 1; }
  log "installing Debian's docker.io (once per machine)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends docker.io iptables >&2
fi

[ "$(id -u)" = 0 ] || { echo "error: dockerd is installed but not running, and starting it needs root" >&2; exit 1; }
log "starting dockerd (log: /var/log/slugbuilder-dockerd.log)"
nohup dockerd >/var/log/slugbuilder-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if engine_answers; then
    log "dockerd is up"
    echo "unix://$sock"
    exit 0
  fi
  sleep 1
done
echo "error: dockerd did not answer on $sock within 60 s; see /var/log/slugbuilder-dockerd.log" >&2
tail -n 20 /var/log/slugbuilder-dockerd.log >&2 || true
exit 1
