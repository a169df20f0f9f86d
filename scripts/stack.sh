#!/usr/bin/env bash
# Makes sure the local stack images exist (slugbuilder/stack:bookworm and its -build
# variant), building them with `slugbuilder stack build` when missing. Needs a running
# engine (scripts/engine.sh) and root. The host's CA bundle is trusted inside the images,
# so HTTPS through this machine's proxy works from containers.
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"

if docker image inspect "$stack" "$stack-build" >/dev/null 2>&1; then
  echo "stack: $stack and $stack-build are present" >&2
  exit 0
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
