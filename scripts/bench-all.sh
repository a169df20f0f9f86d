#!/usr/bin/env bash
# Every performance ratio of the project in one run: start-up (bench-startup.sh), warm
# restart after a code change (bench-restart.sh), slug creation, memory and upload
# (bench-slug.sh), container push against docker push (bench-push.sh), start --watch against
# stop + start (bench-watch.sh), the installed command's start-up from the release tarball
# (bench-installed.sh), parallel test dynos against one (bench-test.sh). Each script's own
# output is kept in full under $BENCH_LOG (default: a
# temporary directory); the ratio lines of all of them are printed together at the end.
# Their own variables pass through (ROUNDS, JAVAS, DEPS, ...). ONLY="startup restart" runs a
# subset. Needs the Docker engine (restart, slug); on a shared machine the figures are noisy:
# run it on a quiet one.
set -uo pipefail
cd "$(dirname "$0")/.."
log="${BENCH_LOG:-$(mktemp -d)}"
mkdir -p "$log"
failed=0
# every script measures the jar of the code as it is now
mvn -B -q -Dstyle.color=never package -DskipTests >&2
for bench in ${ONLY:-startup restart watch slug push installed test}; do
  echo "bench-all: running scripts/bench-$bench.sh (output in $log/$bench.txt)" >&2
  if ! "scripts/bench-$bench.sh" > "$log/$bench.txt"; then
    echo "bench-all: scripts/bench-$bench.sh failed" >&2
    failed=1
  fi
done
for bench in ${ONLY:-startup restart watch slug push installed test}; do
  echo "== $bench"
  cat "$log/$bench.txt"
done
echo "== ratios"
grep -h -E "ratio|target|peak RSS|slugbuilder/docker|A/E|slugbuilder/curl" "$log"/*.txt || true
exit "$failed"
