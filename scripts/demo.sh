#!/usr/bin/env bash
# The main job end to end on the bundled sample apps: build the tool, make sure a Docker
# engine and the local stack image exist, run `slugbuilder init` on a copy of every sample
# app, then take the Express app through start, a request to the printed URL, exec, stop
# and clean, then releases it to a local stand-in for the Heroku Platform API and boots the
# slug that API received on the bare run stack. Then the add-ons app: Postgres and Redis from
# its app.json as local services (the images `stack build --addons` made), its release phase
# before web, and its data across a stop and start. Last, Heroku's container path: a sample app
# with Dockerfile.web, Dockerfile.worker and Dockerfile.release is pushed to a real local
# registry, released through the stand-in API (release phase streamed) and run as the runtime will. Node.js comes from a local mirror assembled from the npm registry (the only
# place this machine can get it), passed to the template's NODE_MIRROR argument.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prepare.sh

work="$(mktemp -d)"
mirror_pid=""
api_pid=""
registry=""
registry_port=""
container_api_pid=""
run_pid=""
cleanup() {
  bin/slugbuilder stop --slugs >/dev/null 2>&1 || true
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null || true
  [ -d "$work/node-express" ] && { bin/slugbuilder stop --dir "$work/node-express" >/dev/null 2>&1 || true; bin/slugbuilder clean --dir "$work/node-express" >/dev/null 2>&1 || true; }
  [ -d "$work/node-addons" ] && bin/slugbuilder clean --volumes --dir "$work/node-addons" >/dev/null 2>&1 || true
  [ -n "$registry" ] && SLUGBUILDER_REGISTRY_PORT="$registry_port" scripts/registry.sh stop >/dev/null 2>&1 || true
  [ -n "$container_api_pid" ] && kill "$container_api_pid" 2>/dev/null || true
  [ -n "$run_pid" ] && { kill -TERM "$run_pid" 2>/dev/null; wait "$run_pid" 2>/dev/null; } || true
  [ -d "$work/three-types" ] && bin/slugbuilder clean --dir "$work/three-types" >/dev/null 2>&1 || true
  [ -n "$mirror_pid" ] && kill "$mirror_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -a fixtures/apps/. "$work/"
stack=slugbuilder/stack:bookworm-build

echo
echo "== slugbuilder init on each sample app"
for app in "$work"/*/; do
  name="$(basename "$app")"
  template=()
  [ "$name" = minimal ] && template=(--template minimal)
  printf '%-20s ' "$name"
  bin/slugbuilder init "${template[@]}" --stack "$stack" "$app" 2>/dev/null | head -n 1
done

echo
echo "== The Express app: start --detach, then a request to the printed URL"
app="$work/node-express"
. scripts/serve-node-mirror.sh
url="$(bin/slugbuilder start --detach --dir "$app" \
  --build-arg "NODE_MIRROR=http://127.0.0.1:$mirror_port" --build-network host | sed -n 's/^web process will be available at //p')"
echo "$ curl $url"
curl -fsS "$url"
echo "$ curl ${url}env  (a few of the config vars from .env, as the process sees them)"
curl -fsS "${url}env" | node -e 'const e=JSON.parse(require("fs").readFileSync(0));for(const k of ["ENERGY","DOUBLE","PROFILE_GREETING","DYNO","PORT"])console.log(`  ${k}=${JSON.stringify(e[k])}`)'

echo
echo "== slugbuilder exec: a one-off command in the app's image, as you"
bin/slugbuilder exec --dir "$app" node -e 'console.log("node", process.version, "as uid", process.getuid())' 2> >(grep -v '^==>' >&2)

echo
echo "== slugbuilder release --verify, to a local stand-in for the Heroku Platform API"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
api_port="$(free_port)"
mkdir -p "$work/blobs"
BLOB_DIR="$work/blobs" python3 scripts/fake-platform.py "$api_port" &
api_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$api_port/apps/demo" >/dev/null 2>&1 && break; sleep 0.1; done
HEROKU_API_KEY=demo-token-never-printed bin/slugbuilder release --dir "$app" -a demo-app --api-url "http://127.0.0.1:$api_port" \
  --verify --port "$(free_port)" --build-arg "NODE_MIRROR=http://127.0.0.1:$mirror_port" --build-network host 2> >(grep -v '^    ' >&2)

echo
echo "== the slug the API received, booted on the bare run stack (no build tools) by slug run"
slug_port="$(free_port)"
bin/slugbuilder slug run "$work/blobs/s1.tgz" --stack slugbuilder/stack:bookworm --port "$slug_port" --detach 2>/dev/null
echo "$ curl http://127.0.0.1:$slug_port/"
curl -fsS "http://127.0.0.1:$slug_port/"
bin/slugbuilder stop --slugs

echo
echo "== slugbuilder stop, clean"
bin/slugbuilder stop --dir "$app"
bin/slugbuilder clean --dir "$app"

echo
echo "== The add-ons app: app.json's Postgres and Redis as local services, its release phase before web"
addons_app="$work/node-addons"
export SLUGBUILDER_ADDON_IMAGES="postgres=slugbuilder/stack:bookworm-postgres,redis=slugbuilder/stack:bookworm-redis"
addons_start() {
  bin/slugbuilder start --detach --dir "$addons_app" --port "$addons_port" \
    --build-arg "NODE_MIRROR=http://127.0.0.1:$mirror_port" --build-network host 2> >(grep -E 'Add-on|release|Started|migrated' >&2)
}
addons_port="$(free_port)"
addons_start >/dev/null
echo "$ curl http://127.0.0.1:$addons_port/visit"
curl -fsS "http://127.0.0.1:$addons_port/visit"
echo "$ slugbuilder addons"
bin/slugbuilder addons --dir "$addons_app"
echo "== stop, start again: the data stays in the add-ons' volumes"
bin/slugbuilder stop --dir "$addons_app" 2>/dev/null
addons_start >/dev/null
echo "$ curl http://127.0.0.1:$addons_port/visit"
curl -fsS "http://127.0.0.1:$addons_port/visit"
bin/slugbuilder stop --dir "$addons_app"
bin/slugbuilder clean --volumes --dir "$addons_app"

echo
echo "== Heroku's container path: container push --recursive to a real local registry, container release, container run"
capp="$work/three-types"
cp -a fixtures/container-apps/three-types "$capp"
registry_port="$(free_port)"
registry="$(SLUGBUILDER_REGISTRY_PORT="$registry_port" SLUGBUILDER_REGISTRY_TOKEN=demo-token-never-printed scripts/registry.sh start 2>/dev/null)"
container_api_port="$(free_port)"
APP_STACK=container RELEASE_PHASE=succeeded RELEASE_OUTPUT="Running release command...|migrating the schema" \
  python3 scripts/fake-platform.py "$container_api_port" &
container_api_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$container_api_port/apps/demo" >/dev/null 2>&1 && break; sleep 0.1; done
export HEROKU_API_KEY=demo-token-never-printed SLUGBUILDER_REGISTRY="$registry"
bin/slugbuilder container push --recursive --dir "$capp" -a demo-app --build-arg STACK=slugbuilder/stack:bookworm 2> >(grep -vE '^    ' >&2)
bin/slugbuilder container release web worker release --dir "$capp" -a demo-app --api-url "http://127.0.0.1:$container_api_port"
run_port="$(free_port)"
bin/slugbuilder container run web --dir "$capp" --port "$run_port" --build-arg STACK=slugbuilder/stack:bookworm 2>/dev/null &
run_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$run_port/" >/dev/null 2>&1 && break; sleep 0.2; done
echo "$ curl http://127.0.0.1:$run_port/"
curl -fsS "http://127.0.0.1:$run_port/"
kill -TERM "$run_pid" 2>/dev/null || true
wait "$run_pid" 2>/dev/null || true
bin/slugbuilder clean --dir "$capp"
