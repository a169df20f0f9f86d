#!/usr/bin/env bash
# Benchmark: from a saved file to web answering with the change, on the node sample app
# (Express), in one run:
#   W   start --watch, a source file saved (index.js): copied in, the process restarted
#   P   the same change by hand: slugbuilder stop, then start --detach (returns once web answers)
#   WD  start --watch, a dependency change (package.json, its lock and the code that uses it,
#       saved together): the app image rebuilt on the cached base, web replaced
#   PD  the same dependency change by stop + start --detach
#   boot  the app's own boot: node index.js started inside the running web container until it
#       answers there (no engine, no slugbuilder in the way)
# ROUNDS source changes (default 5) and DEP_ROUNDS dependency changes (default 3) each, each
# dependency round a version of left-pad no round had before (so no build cache hides the install).
# In every round one client polls web every 20 ms from the save until it answers with the change,
# the same for all four. (On Docker 20.10, connections made while a container is replaced hold the
# new container's first answer back by about 0.8 s; a round whose client polls through a
# replacement pays that, whichever way the container was replaced.)
# Prints medians, the ratios W/P and WD/PD, and W - boot against the target (<= 1 s).
# BENCH_PREPARED=1 skips scripts/prepare.sh (an engine, the jar and the stack images already there).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-5}"
dep_rounds="${DEP_ROUNDS:-3}"
if [ "${BENCH_PREPARED:-}" = 1 ]; then
  mvn -B -q -Dstyle.color=never package -DskipTests
else
  . scripts/prepare.sh
fi

stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}-build"
. scripts/serve-node-mirror.sh
work="$(mktemp -d)"
app="$work/node-express"
watch_pid=
cleanup() {
  if [ -n "$watch_pid" ]; then kill -TERM "$watch_pid" 2>/dev/null || true; wait "$watch_pid" 2>/dev/null || true; fi
  bin/slugbuilder stop --dir "$app" >/dev/null 2>&1 || true
  bin/slugbuilder clean --dir "$app" >/dev/null 2>&1 || true
  kill "$mirror_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -a fixtures/apps/node-express "$app"
bin/slugbuilder init --stack "$stack" "$app" >/dev/null 2>&1
port=5407
build_args=(--build-arg "NODE_MIRROR=http://127.0.0.1:$mirror_port" --build-network host)
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
# until web answers with MARKER (a change is served only once its text comes back): the client
# every round has, polling from the save on, as a browser reloading would
wait_marker() { until curl -fsS "http://127.0.0.1:$port/" 2>/dev/null | grep -q "$1"; do sleep 0.02; done; }
# a source change: the greeting carries MARKER
change_code() { sed -i -E "s|^app\.get\('/',.*|app.get('/', (req, res) => res.send('hello $1\\\\n'));|" "$app/index.js"; }
# a dependency change, prepared aside and saved at once: left-pad VERSION in package.json and
# its lock, and index.js answering with MARKER through it
next_deps() {
  local version="$1" marker="$2" aside="$work/aside"
  rm -rf "$aside"; mkdir -p "$aside"
  cp "$app/package.json" "$app/package-lock.json" "$app/index.js" "$aside/"
  (cd "$aside" && node -e 'const f="package.json",p=require("./"+f);p.dependencies["left-pad"]=process.argv[1];require("fs").writeFileSync(f,JSON.stringify(p,null,2)+"\n")' "$version" \
    && npm install --package-lock-only --no-audit --no-fund >/dev/null 2>&1)
  sed -i -E "s|^app\.get\('/',.*|app.get('/', (req, res) => res.send(require('left-pad')('$marker', 12, '_') + '\\\\n'));|" "$aside/index.js"
}
# the change by hand, beside the polling client
restart_by_hand() {
  bin/slugbuilder stop --dir "$app" >/dev/null 2>&1
  bin/slugbuilder start --detach --dir "$app" --port "$port" "${build_args[@]}" >/dev/null 2>&1
}
save_deps() { cp "$work/aside/package.json" "$work/aside/package-lock.json" "$work/aside/index.js" "$app/"; }
pad_versions=(1.0.0 1.0.1 1.0.2 1.1.0 1.1.1 1.1.2 1.1.3 1.2.0 1.3.0)

echo "bench: warming up (base image, npm ci)" >&2
bin/slugbuilder start --detach --dir "$app" --port "$port" "${build_args[@]}" >/dev/null 2>&1
app_id="$(printf '%s' "$(realpath "$app")" | sha256sum | cut -c1-12)"   # AppIdentity: the path's hash
web="$(docker ps -q --filter "label=slugbuilder.app=$app_id" --filter label=slugbuilder.kind=web | head -1)"
declare -a W P WD PD BOOT
for i in $(seq 1 "$rounds"); do
  BOOT+=("$(docker exec "$web" bash -c 'cd /app; for f in /app/.profile.d/*.sh; do . "$f"; done
    s=$(date +%s%N); PORT=5999 node index.js >/dev/null 2>&1 & pid=$!
    until curl -fs -o /dev/null http://127.0.0.1:5999/; do sleep 0.01; done
    e=$(date +%s%N); kill $pid; echo "$s $e"' | awk '{printf "%.3f", ($2 - $1) / 1e9}')")
done

echo "bench: P, stop + start --detach" >&2
for i in $(seq 1 "$rounds"); do
  change_code "p$i"; t0=$(now)
  restart_by_hand & wait_marker "hello p$i"; P+=("$(since "$t0")"); wait $!
done
v=0
for i in $(seq 1 "$dep_rounds"); do
  next_deps "${pad_versions[$v]}" "pd$i"; v=$((v + 1))
  save_deps; t0=$(now)
  restart_by_hand & wait_marker "pd$i"; PD+=("$(since "$t0")"); wait $!
done
bin/slugbuilder stop --dir "$app" >/dev/null 2>&1

echo "bench: W and WD, start --watch" >&2
bin/slugbuilder start --watch --dir "$app" --port "$port" "${build_args[@]}" >"$work/watch.out" 2>"$work/watch.err" &
watch_pid=$!
until grep -q "^==> watching" "$work/watch.err"; do sleep 0.1; done
for i in $(seq 1 "$rounds"); do
  sleep 1 # the previous restart's dust settles
  change_code "w$i"; t0=$(now)
  wait_marker "hello w$i"; W+=("$(since "$t0")")
done
for i in $(seq 1 "$dep_rounds"); do
  next_deps "${pad_versions[$v]}" "wd$i"; v=$((v + 1))
  sleep 1
  save_deps; t0=$(now)
  wait_marker "wd$i"; WD+=("$(since "$t0")")
done
kill -TERM "$watch_pid"; wait "$watch_pid" 2>/dev/null || true; watch_pid=
grep "watch:" "$work/watch.err" | sed 's/^/bench: /' >&2

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
w=$(median "${W[@]}"); p=$(median "${P[@]}"); wd=$(median "${WD[@]}"); pd=$(median "${PD[@]}"); boot=$(median "${BOOT[@]}")
printf 'from a saved file to web answering with it, node-express, medians (seconds; %d source rounds, %d dependency rounds)\n' "$rounds" "$dep_rounds"
printf '  W   start --watch, source change          %6.2f   (rounds: %s)\n' "$w" "${W[*]}"
printf '  P   stop + start --detach, same change     %6.2f   (rounds: %s)\n' "$p" "${P[*]}"
printf '  WD  start --watch, dependency change       %6.2f   (rounds: %s)\n' "$wd" "${WD[*]}"
printf '  PD  stop + start --detach, same change     %6.2f   (rounds: %s)\n' "$pd" "${PD[*]}"
printf '  boot  the app alone (node index.js to its first answer, in the container) %6.2f\n' "$boot"
printf 'ratio W/P = %.2f\n' "$(echo "$w / $p" | bc -l)"
printf 'ratio WD/PD = %.2f\n' "$(echo "$wd / $pd" | bc -l)"
printf 'W - boot = %.2f s (target <= 1.00: at most 1 s plus the app'"'"'s own boot)\n' "$(echo "$w - $boot" | bc -l)"
