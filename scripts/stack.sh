#!/usr/bin/env bash
# Makes sure the local stack images exist (slugbuilder/stack:bookworm and its -build
# variant) and are current, building them with `slugbuilder stack build` when missing or
# built from other stack templates (their label slugbuilder.stack-hash differs from the hash
# of the files below: a machine that keeps its engine, as CI does, would otherwise go on
# using old images). Then the same for the add-on service images (NAME-postgres, -redis,
# -mysql, -memcached) with `slugbuilder stack build --addons`: they are stale when built from
# other add-on templates or on another stack image. Needs a running engine
# (scripts/engine.sh), and root when the stack is built. The host's CA bundle is trusted
# inside the images, so HTTPS through this machine's proxy works from containers.
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"

# The same files, in the same order, as slugbuilder.stack.StackHash.
sources=(templates/stack-run.Dockerfile.mustache templates/stack-build.Dockerfile.mustache platforms/stack.json)
# The same files, in the same order, as slugbuilder.stack.AddonImages.
addon_sources=(templates/addons/postgres.Dockerfile.mustache templates/addons/postgres-entrypoint.sh templates/addons/redis.Dockerfile.mustache templates/addons/redis-entrypoint.sh templates/addons/mysql.Dockerfile.mustache templates/addons/mysql-entrypoint.sh templates/addons/memcached.Dockerfile.mustache templates/addons/memcached-entrypoint.sh)
addons=(postgres redis mysql memcached)
want="$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)"
want_addons="$(cat "${addon_sources[@]}" | sha256sum | cut -d' ' -f1)"
label() {
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}
stack_current() {
  docker image inspect "$stack" "$stack-build" >/dev/null 2>&1 \
    && [ "$(label "$stack" slugbuilder.stack-hash)" = "$want" ] \
    && [ "$(label "$stack-build" slugbuilder.stack-hash)" = "$want" ]
}
addons_current() {
  local base kind
  base="$(docker image inspect -f '{{ .Id }}' "$stack" 2>/dev/null)" || return 1
  for kind in "${addons[@]}"; do
    [ "$(label "$stack-$kind" slugbuilder.addon-hash)" = "$want_addons" ] || return 1
    [ "$(label "$stack-$kind" slugbuilder.addon-base)" = "$base" ] || return 1
  done
}

if stack_current && addons_current; then
  echo "stack: $stack, $stack-build and the add-on images are present and current" >&2
  exit 0
fi
# A jar older than the templates would label the images with the old hash.
if [ -f target/slugbuilder.jar ]; then
  for f in "${sources[@]}" "${addon_sources[@]}"; do
    if [ "$f" -nt target/slugbuilder.jar ]; then
      echo "stack: rebuilding target/slugbuilder.jar ($f is newer)" >&2
      mvn -B -q -Dstyle.color=never package -DskipTests >&2
      break
    fi
  done
fi
if ! stack_current; then
  if docker image inspect "$stack" "$stack-build" >/dev/null 2>&1; then
    echo "stack: $stack was built from other stack templates; building it again" >&2
  fi
  if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
    echo "stack: installing debootstrap" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends debootstrap >&2
  fi
  ca=()
  [ -f /etc/ssl/certs/ca-certificates.crt ] && ca=(--ca-bundle /etc/ssl/certs/ca-certificates.crt)
  bin/slugbuilder stack build --tag "$stack" "${ca[@]}"
fi
if ! addons_current; then
  echo "stack: building the add-on images on $stack" >&2
  bin/slugbuilder stack build --tag "$stack" --addons
fi
