#!/usr/bin/env bash
# A real container registry on this machine for container push tests: Docker's own distribution
# registry (Debian's docker-registry), on 127.0.0.1 with htpasswd auth (user "_", the password a
# test token), storage in a state directory. Installs docker-registry and apache2-utils when missing.
#
#   scripts/registry.sh [start]   starts it unless it answers; prints its address (127.0.0.1:PORT) on stdout
#   scripts/registry.sh stop      stops it and removes its storage
#
# SLUGBUILDER_REGISTRY_PORT (default 5055) and SLUGBUILDER_REGISTRY_TOKEN (default slugbuilder-test-token)
# choose the port and the password; SLUGBUILDER_REGISTRY_DIR (default /tmp/registry-for-slugbuilder-tests-PORT) the state.
# Progress goes to stderr.
set -euo pipefail

port="${SLUGBUILDER_REGISTRY_PORT:-5055}"
token="${SLUGBUILDER_REGISTRY_TOKEN:-slugbuilder-test-token}"
state="${SLUGBUILDER_REGISTRY_DIR:-/tmp/registry-for-slugbuilder-tests-$port}"
address="127.0.0.1:$port"
log() { echo "registry: $*" >&2; }

answers() {
  # the V2 endpoint answers 401 without credentials: any HTTP answer means it is up
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$address/v2/" || true)
  [ "$code" = 401 ] || [ "$code" = 200 ]
}

stop() {
  if [ -f "$state/pid" ]; then
    pid=$(cat "$state/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$state/pid"
  fi
  rm -rf "$state/storage"
  log "stopped"
}

case "${1:-start}" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac

if answers; then
  log "already running at $address"
  echo "$address"
  exit 0
fi

if ! command -v docker-registry >/dev/null 2>&1 || ! command -v htpasswd >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "error: docker-registry or htpasswd missing, and installing them needs root" >&2; exit 1; }
  log "installing Debian's docker-registry and apache2-utils (once per machine)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends docker-registry apache2-utils >&2
fi

mkdir -p "$state/storage"
chmod 700 "$state"
# bcrypt only: the registry refuses other htpasswd hashes; it reads the file once, at start
htpasswd -Bbn _ "$token" > "$state/htpasswd" 2>/dev/null
cat > "$state/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/storage
  delete:
    enabled: true
http:
  addr: $address
auth:
  htpasswd:
    realm: slugbuilder-test
    path: $state/htpasswd
YAML

log "starting docker-registry on $address (log: $state/registry.log)"
nohup docker-registry serve "$state/config.yml" >"$state/registry.log" 2>&1 &
echo $! > "$state/pid"
for _ in $(seq 1 50); do
  if answers; then
    echo "$address"
    exit 0
  fi
  sleep 0.2
done
echo "error: docker-registry did not answer on $address; its log: $state/registry.log" >&2
tail -5 "$state/registry.log" >&2 || true
exit 1
