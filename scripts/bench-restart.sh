#!/usr/bin/env bash
# Benchmark: warm restart after a code change, time until the web URL answers, for
#   A  slugbuilder start --detach
#   B  the raw Docker CLI doing the same build (FROM the same base, Dockerfile outside the
#      context) and run by hand: the practical floor
#   C  the 2015 plugin's behaviour: a temporary Dockerfile written into the app directory
#      and its template's ONBUILD order (COPY . before npm install), so the install re-runs
# on the node sample app, ROUNDS times each, interleaved. Prints medians and the ratios A/B
# (target <= 1.25) and A/C (target <= 0.25), all measured in this one run. B and C are warmed
# once before the rounds, as A is.
# DEPS=typical adds the build tooling a typical app carries (webpack, typescript, eslint:
# a few hundred packages), so C's re-install costs what it costs in practice; DEPS=sample
# keeps the sample's own (express only).
# BASELINE_BIN=/path/to/an/earlier/checkout/bin/slugbuilder also measures A0, that build's
# start, in the same rounds (scripts/bench-baseline.sh makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-5}"
. scripts/prepare.sh

stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}-build"
. scripts/serve-node-mirror.sh
work="$(mktemp -d)"
app="$work/node-express"
cleanup() {
  bin/slugbuilder stop --dir "$app" >/dev/null 2>&1 || true
  docker rm -f bench-b bench-c >/dev/null 2>&1 || true
  bin/slugbuilder clean --dir "$app" >/dev/null 2>&1 || true
  docker rmi -f bench/b:start bench/c:base bench/c:start >/dev/null 2>&1 || true
  kill "$mirror_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -a fixtures/apps/node-express "$app"
if [ "${DEPS:-typical}" = typical ]; then
  (cd "$app" && node -e 'const f="package.json",p=require("./"+f);Object.assign(p.dependencies,{"webpack":"5.97.1","typescript":"5.7.2","eslint":"9.17.0"});require("fs").writeFileSync(f,JSON.stringify(p,null,2)+"\n")' \
    && npm install --package-lock-only --no-audit --no-fund >/dev/null 2>&1)
fi
packages="$(node -e 'console.log(Object.keys(require(process.argv[1]).packages).length-1)' "$app/package-lock.json")"
bin/slugbuilder init --stack "$stack" "$app" >/dev/null 2>&1
port=5406
build_args=(--build-arg "NODE_MIRROR=http://127.0.0.1:$mirror_port" --build-network host)
now() { date +%s.%N; }
wait_http() { until curl -fsS -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done; }
touch_code() { echo "// change $RANDOM$RANDOM" >> "$app/index.js"; }
boot='cd /app; for f in /app/.profile.d/*.sh; do . "$f"; done; exec bash -c "$0"'

echo "bench: warming up (base images, first npm install)" >&2
bin/slugbuilder start --detach --dir "$app" --port "$port" "${build_args[@]}" >/dev/null 2>&1
bin/slugbuilder stop --dir "$app" >/dev/null 2>&1
base="$(docker images --format '{{.Repository}}:{{.Tag}}' | grep -m1 "^slugbuilder/node-express-.*:base-")"
# C's base: the same runtime part, with the original plugin's ONBUILD steps
{ sed '/^ONBUILD/d' "$app/Dockerfile"; printf 'ONBUILD COPY . /app/src\nONBUILD USER root\nONBUILD RUN chown -R app:app /app/src\nONBUILD USER app\nONBUILD RUN npm install\n'; } > "$work/Dockerfile.original"
DOCKER_BUILDKIT=0 docker build -q --network host --build-arg "NODE_MIRROR=http://127.0.0.1:$mirror_port" -t bench/c:base -f "$work/Dockerfile.original" "$app" >/dev/null 2>&1
run_b() {
  printf 'FROM %s\n' "$base" | DOCKER_BUILDKIT=0 docker build -q -t bench/b:start -f - "$app" >/dev/null 2>&1
  docker run -d --name bench-b -p "127.0.0.1:$port:$port" -e PORT="$port" -e HOME=/app bench/b:start bash -c "$boot" "node index.js" >/dev/null
}
run_c() {
  tmp="$app/Dockerfile.$RANDOM$RANDOM"   # the original wrote its start Dockerfile into the app dir
  printf 'FROM bench/c:base\n' > "$tmp"
  DOCKER_BUILDKIT=0 docker build -q -t bench/c:start -f "$tmp" "$app" >/dev/null 2>&1
  rm -f "$tmp"
  docker run -d --name bench-c -p "127.0.0.1:$port:$port" -e PORT="$port" -e HOME=/app bench/c:start bash -c "$boot" "node index.js" >/dev/null
}
run_b; wait_http; docker rm -f bench-b >/dev/null   # B's first build fills its cache, as A's warm-up does
run_c; wait_http; docker rm -f bench-c >/dev/null   # warm C's cache as far as it can be warmed

declare -a A B C A0
if [ -n "${BASELINE_BIN:-}" ]; then  # its own warm-up: its base image tag may differ
  "$BASELINE_BIN" start --detach --dir "$app" --port "$port" "${build_args[@]}" >/dev/null 2>&1
  "$BASELINE_BIN" stop --dir "$app" >/dev/null 2>&1
fi
for i in $(seq 1 "$rounds"); do
  if [ -n "${BASELINE_BIN:-}" ]; then
    touch_code; t0=$(now)
    "$BASELINE_BIN" start --detach --dir "$app" --port "$port" "${build_args[@]}" >/dev/null 2>&1
    A0+=("$(echo "$(now) - $t0" | bc)"); "$BASELINE_BIN" stop --dir "$app" >/dev/null 2>&1
  fi
  touch_code; t0=$(now)
  bin/slugbuilder start --detach --dir "$app" --port "$port" "${build_args[@]}" >/dev/null 2>&1
  A+=("$(echo "$(now) - $t0" | bc)"); bin/slugbuilder stop --dir "$app" >/dev/null 2>&1

  touch_code; t0=$(now); run_b; wait_http
  B+=("$(echo "$(now) - $t0" | bc)"); docker rm -f bench-b >/dev/null

  touch_code; t0=$(now); run_c; wait_http
  C+=("$(echo "$(now) - $t0" | bc)"); docker rm -f bench-c >/dev/null
  echo "bench: round $i: A ${A[-1]} s, B ${B[-1]} s, C ${C[-1]} s" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
a=$(median "${A[@]}"); b=$(median "${B[@]}"); c=$(median "${C[@]}")
printf 'warm restart after a code change, node app with %s packages, median of %d rounds (seconds until the URL answers)\n' "$packages" "$rounds"
printf '  A slugbuilder start           %6.2f\n' "$a"
printf '  B raw docker CLI by hand      %6.2f\n' "$b"
printf '  C original plugin behaviour   %6.2f\n' "$c"
printf 'ratio A/B = %.2f (target <= 1.25)\n' "$(echo "$a / $b" | bc -l)"
printf 'ratio A/C = %.2f (target <= 0.25)\n' "$(echo "$a / $c" | bc -l)"
if [ -n "${BASELINE_BIN:-}" ]; then
  a0=$(median "${A0[@]}")
  printf '  A0 baseline start             %6.2f (A0/B = %.2f; A/A0 = %.2f)\n' "$a0" "$(echo "$a0 / $b" | bc -l)" "$(echo "$a / $a0" | bc -l)"
fi
