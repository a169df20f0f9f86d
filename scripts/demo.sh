#!/usr/bin/env bash
# The main job end to end on the bundled sample apps: build the tool, make sure a Docker
# engine and the local stack image exist, run `slugbuilder init` on a copy of each sample
# app, show the Dockerfile written for the Express app, and build the minimal sample on the
# stack and run its web process the way a dyno would.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prepare.sh

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -a fixtures/apps/. "$work/"

echo
echo "== slugbuilder init on each sample app"
for app in "$work"/*/; do
  name="$(basename "$app")"
  template=()
  [ "$name" = minimal ] && template=(--template minimal)
  printf '%-20s ' "$name"
  bin/slugbuilder init "${template[@]}" --stack slugbuilder/stack:bookworm-build "$app" 2>/dev/null | head -n 1
done

echo
echo "== The Dockerfile written for the Express app ($work/node-express/Dockerfile)"
cat "$work/node-express/Dockerfile"

echo
echo "== Building the minimal sample on the local stack and running its web process as a dyno would"
# (`slugbuilder start` will do this; until it lands, the Docker CLI builds the two images.)
quiet_build() { docker build -q "$@" 2>&1 >/dev/null | grep -v -e 'legacy builder' -e 'buildx' -e '^ *$' >&2 || true; }
base="slugbuilder-demo/minimal:base"
quiet_build -t "$base" "$work/minimal"
printf 'FROM %s\n' "$base" | quiet_build -t slugbuilder-demo/minimal:start -f - "$work/minimal"
docker run --rm slugbuilder-demo/minimal:start bash -l -c \
  'cd /app; for f in /app/.profile.d/*.sh; do . "$f"; done; exec bash -c "bin/web"'
docker rmi -f slugbuilder-demo/minimal:start "$base" >/dev/null
