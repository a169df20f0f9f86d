#!/usr/bin/env bash
# Makes sure the local stack images exist (slugbuilder/stack:bookworm and its -build
# variant) and are current, building them with `slugbuilder stack build` when missing or
# built from other stack templates (their label slugbuilder.stack-hash differs from the hash
# of the files below: a machine that keeps its engine, as CI does, would otherwise go on
# using old images). Needs a running engine (scripts/engine.sh) and root. The host's CA
# bundle is trusted inside the images, so HTTPS through this machine's proxy works from
# containers.
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"

# The same files, in the same order, as slugbuilder.stack.StackHash.
sources=(templates/stack-run.Dockerfile.mustache templates/stack-build.Dockerfile.mustache platforms/stack.json)
want="$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)"
label() {
  docker image inspect -f '{{ index .Config.Labels "slugbuilder.stack-hash" }}' "$1" 2>/dev/null || true
}
if docker image inspect "$stack" "$stack-build" >/dev/null 2>&1; then
  if [ "$(label "$stack")" = "$want" ] && [ "$(label "$stack-build")" = "$want" ]; then
    echo "stack: $stack and $stack-build are present and current" >&2
    exit 0
  fi
  echo "stack: $stack was built from other stack templates; building it again" >&2
fi
if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
  echo "stack: installing debootstrap" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends debootstrap >&2
fi
# A jar older than the templates would label the images with the old hash.
if [ -f target/slugbuilder.jar ]; then
  for f in "${sources[@]}"; do
    if [ "$f" -nt target/slugbuilder.jar ]; then
      echo "stack: rebuilding target/slugbuilder.jar ($f is newer)" >&2
      mvn -B -q -Dstyle.color=never package -DskipTests >&2
      break
    fi
  done
fi
ca=()
[ -f /etc/ssl/certs/ca-certificates.crt ] && ca=(--ca-bundle /etc/ssl/certs/ca-certificates.crt)
bin/slugbuilder stack build --tag "$stack" "${ca[@]}"
