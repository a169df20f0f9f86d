#!/usr/bin/env bash
# Benchmark: `slugbuilder container push` against `docker push` of the same image to the same
# real registry (Docker's distribution, scripts/registry.sh), each into empty registry storage,
# ROUNDS times (default 3), interleaved. Prints the medians, their ratio, and what each left in
# the registry's storage (bytes), which must be the same image. The image: the stack plus
# SIZE_MB (default 150) of random bytes, so compression cannot shrink the upload.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
size_mb="${SIZE_MB:-150}"
. scripts/prepare.sh

stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"
port="${BENCH_REGISTRY_PORT:-5071}"
token=bench-token-never-printed
state="/tmp/registry-for-slugbuilder-bench-$port"
work="$(mktemp -d)"
app="$work/bench-push"
cleanup() {
  SLUGBUILDER_REGISTRY_PORT="$port" SLUGBUILDER_REGISTRY_DIR="$state" scripts/registry.sh stop >/dev/null 2>&1 || true
  bin/slugbuilder clean --dir "$app" >/dev/null 2>&1 || true
  docker rmi -f "127.0.0.1:$port/docker-push/web:latest" >/dev/null 2>&1 || true
  rm -rf "$work" "$state"
}
trap cleanup EXIT

mkdir -p "$app"
printf 'FROM %s\nRUN head -c %s /dev/urandom > /payload.bin\nCMD ["true"]\n' "$stack" "$((size_mb * 1000000))" > "$app/Dockerfile"

registry_up() {
  SLUGBUILDER_REGISTRY_PORT="$port" SLUGBUILDER_REGISTRY_DIR="$state" SLUGBUILDER_REGISTRY_TOKEN="$token" \
    scripts/registry.sh stop >/dev/null 2>&1 || true
  SLUGBUILDER_REGISTRY_PORT="$port" SLUGBUILDER_REGISTRY_DIR="$state" SLUGBUILDER_REGISTRY_TOKEN="$token" \
    scripts/registry.sh start 2>/dev/null
}
stored() { du -sb "$state/storage" | cut -f1; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(round($(now) - float(sys.argv[1]), 2))" "$1"; }

# build once (both pushes send the same local image)
registry="$(registry_up)"
HEROKU_API_KEY="$token" bin/slugbuilder container push web --dir "$app" -a bench-push --registry "$registry" >/dev/null 2>&1
image_id="$(docker image inspect -f '{{.Id}}' "$registry/bench-push/web:latest")"
docker tag "$image_id" "127.0.0.1:$port/docker-push/web:latest"

sb=(); dk=()
for round in $(seq 1 "$rounds"); do
  registry="$(registry_up)"
  start=$(now)
  HEROKU_API_KEY="$token" bin/slugbuilder container push web --dir "$app" -a bench-push --registry "$registry" >/dev/null 2>&1
  sb+=("$(since "$start")")
  sb_bytes=$(stored)

  registry="$(registry_up)"
  config="$(mktemp -d "$work/docker-config.XXXX")"
  echo "$token" | DOCKER_CONFIG="$config" docker login -u _ --password-stdin "$registry" >/dev/null 2>&1
  start=$(now)
  DOCKER_CONFIG="$config" docker push -q "$registry/docker-push/web:latest" >/dev/null
  dk+=("$(since "$start")")
  dk_bytes=$(stored)
  rm -rf "$config"
  echo "round $round: slugbuilder ${sb[-1]} s, docker push ${dk[-1]} s" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
msb=$(median "${sb[@]}"); mdk=$(median "${dk[@]}")
echo "image: $stack + ${size_mb} MB random, $(docker image inspect -f '{{.Size}}' "$image_id") bytes unpacked"
printf 'slugbuilder container push (whole command, build cached): %.2f s, registry storage %s bytes\n' "$msb" "$sb_bytes"
printf 'docker push:                                              %.2f s, registry storage %s bytes\n' "$mdk" "$dk_bytes"
python3 -c "import sys; print('slugbuilder/docker = %.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$msb" "$mdk"
