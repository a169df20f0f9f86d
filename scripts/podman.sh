#!/usr/bin/env bash
# A Podman engine beside Docker's, for the Podman subset of the ITs: installs Debian's podman
# (with netavark and aardvark-dns, so containers on one network find each other by name) when
# missing, caps Podman's default container limits at what this machine allows, serves Podman's
# Docker-compatible API on /run/podman/podman.sock, and copies the stack images (and the add-on
# images the subset starts) from the Docker engine into Podman's store: no registry is reachable.
#
#   scripts/podman.sh [start]   starts it unless it answers; prints its DOCKER_HOST on stdout
#   scripts/podman.sh stop      stops the service this script started
#
# SLUGBUILDER_STACK names the stack (default slugbuilder/stack:bookworm); SLUGBUILDER_PODMAN_IMAGES
# the add-on kinds to copy (default "postgres redis"). Needs root, and a Docker engine that holds
# the images (scripts/engine.sh, scripts/stack.sh). Progress goes to stderr.
set -euo pipefail

sock=/run/podman/podman.sock
pidfile=/run/slugbuilder-podman.pid
logfile=/var/log/slugbuilder-podman.log
limits=/etc/containers/containers.conf.d/slugbuilder-ulimits.conf
stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"
read -r -a addons <<<"${SLUGBUILDER_PODMAN_IMAGES:-postgres redis}"
log() { echo "podman: $*" >&2; }

answers() { curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; }

stop() {
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
    log "stopped"
  fi
}

case "${1:-start}" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || { echo "error: scripts/podman.sh needs root (it installs podman and serves its system socket); SLUGBUILDER_PODMAN=0 scripts/test.sh leaves the Podman ITs out" >&2; exit 1; }

if ! command -v podman >/dev/null 2>&1; then
  log "installing Debian's podman (once per machine)"
  export DEBIAN_FRONTEND=noninteractive
  pkgs=(podman netavark aardvark-dns catatonit)
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2 \
    || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2; }
fi

start_service() {
  log "starting podman system service on unix://$sock (log: $logfile)"
  mkdir -p "$(dirname "$sock")"
  # from /, not from here: conmon inherits the service's working directory and fails every start
  # ("write child: broken pipe") once that directory is gone, e.g. a deleted checkout's
  (cd / && exec nohup podman system service --time=0 "unix://$sock" >"$logfile" 2>&1) &
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do answers && break; sleep 0.1; done
  answers || { echo "error: podman system service did not answer on $sock; its log: $logfile" >&2; tail -5 "$logfile" >&2; exit 1; }
}

if answers; then
  log "Podman's service already answers on $sock"
else
  start_service
fi

# Podman as root gives every container nofile and nproc of 1048576. Where its own process may
# not go that high (a container or a VM that caps it), runc then fails every start with "error
# setting rlimit type 7 (nofile; 6 is nproc): operation not permitted". Cap both at the
# service's own hard limits (Podman 4.3 checks nproc only when default_ulimits is unset).
hard() { awk -v what="$1" '$0 ~ what { print $(NF-1) }' "/proc/$2/limits"; }
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  pid="$(cat "$pidfile")"
  nofile="$(hard "Max open files" "$pid")"
  nproc="$(hard "Max processes" "$pid")"
  [ "$nofile" = unlimited ] || [ "$nofile" -ge 1048576 ] && nofile=1048576
  [ "$nproc" = unlimited ] || [ "$nproc" -ge 1048576 ] && nproc=1048576
  if [ "$nofile" != 1048576 ] || [ "$nproc" != 1048576 ]; then
    want="$(printf '%s\n' '[containers]' \
      "# written by slugbuilder's scripts/podman.sh: Podman's defaults (1048576) exceed what this machine allows" \
      'default_ulimits = [' "  \"nofile=$nofile:$nofile\"," "  \"nproc=$nproc:$nproc\"," ']')"
    if [ "$(cat "$limits" 2>/dev/null)" != "$want" ]; then
      log "capping Podman's default limits at this machine's: nofile=$nofile nproc=$nproc ($limits)"
      mkdir -p "$(dirname "$limits")"
      printf '%s\n' "$want" >"$limits"
      stop # the service reads containers.conf once, at start
      start_service
    fi
  fi
fi

# Copy what Podman lacks or holds in another version (same image id means the same image).
images=("$stack" "$stack-build")
for kind in "${addons[@]}"; do images+=("$stack-$kind"); done
missing=()
for image in "${images[@]}"; do
  id="$(docker image inspect -f '{{.Id}}' "$image")" || { echo "error: the Docker engine has no $image (scripts/stack.sh builds it)" >&2; exit 1; }
  [ "$(podman image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)" = "${id#sha256:}" ] || missing+=("$image")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "loading ${missing[*]} from the Docker engine"
  docker save "${missing[@]}" | podman load -q >&2
fi

# A container must start under these limits: fail here, in one line, rather than in every test.
if ! probe="$(podman run --rm --network none "$stack" true 2>&1)"; then
  echo "error: Podman cannot start a container: $probe" >&2
  exit 1
fi
echo "unix://$sock"
