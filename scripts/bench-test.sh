#!/usr/bin/env bash
# Benchmark: `slugbuilder test` (Heroku CI's test run) on the node-ci sample app, whose two test
# dynos each do their share of TEST_WORK_SECONDS of work (by CI_NODE_INDEX of CI_NODE_TOTAL, as
# a test splitter does) on their own in-dyno Postgres:
#   cold  the whole command with no image of the app (base and test images built, npm install)
#   warm  the whole command again, every image in place
#   P2    the test phase of formation.test.quantity 2: from the first add-on's start to the end
#         of the command (the shared build excluded), median of ROUNDS
#   P1    the same with quantity 1 (one dyno does all the work), in the same rounds
#   D2/D1 the same from the first dyno's start (the add-ons' start-up excluded too)
# Prints the figures and P2/P1 (target <= 0.65), all measured in this one run.
# SKIP_PREPARE=1 uses the engine, jar and stack images as they are (scripts/prepare.sh otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
work_seconds="${TEST_WORK_SECONDS:-60}"
if [ -z "${SKIP_PREPARE:-}" ]; then
  . scripts/prepare.sh
fi

stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"
export SLUGBUILDER_ADDON_IMAGES="postgres=$stack-postgres"
. scripts/serve-node-mirror.sh
work="$(mktemp -d)"
cleanup() {
  for app in "$work"/q1 "$work"/q2; do
    [ -d "$app" ] && bin/slugbuilder clean --dir "$app" >/dev/null 2>&1 || true
  done
  kill "$mirror_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for q in 1 2; do
  cp -a fixtures/apps/node-ci "$work/q$q"
  node -e 'const f=process.argv[1],a=require(f);a.environments.test.formation.test.quantity=Number(process.argv[2]);require("fs").writeFileSync(f,JSON.stringify(a,null,2)+"\n")' \
    "$work/q$q/app.json" "$q"
  bin/slugbuilder init --stack "$stack-build" "$work/q$q" >/dev/null 2>&1
done
build_args=(--build-arg "NODE_MIRROR=http://127.0.0.1:$mirror_port" --build-network host)
now() { date +%s.%N; }

# run APP_DIR: the whole command's seconds, the test phase's (from the first add-on's start), and
# the dynos' (from the first dyno's start)
run() {
  local app="$1" t0 phase_start="" dynos_start="" line
  t0=$(now)
  while IFS= read -r line; do
    if [ -z "$phase_start" ] && [[ "$line" == "==> Started add-on "* ]]; then phase_start=$(now); fi
    if [ -z "$dynos_start" ] && [[ "$line" == "==> Started test.1"* ]]; then dynos_start=$(now); fi
  done < <(bin/slugbuilder test --dir "$app" "${build_args[@]}" --env "TEST_WORK_SECONDS=$work_seconds" 2>&1 >/dev/null; echo "exit $?")
  local end
  end=$(now)
  echo "$(echo "$end - $t0" | bc) $(echo "$end - ${phase_start:-$t0}" | bc) $(echo "$end - ${dynos_start:-$t0}" | bc)"
}

echo "bench: cold run (no image of the app)" >&2
bin/slugbuilder clean --dir "$work/q2" >/dev/null 2>&1 || true
read -r cold _ < <(run "$work/q2")
echo "bench: warm run" >&2
read -r warm _ < <(run "$work/q2")
run "$work/q1" >/dev/null   # q1's images, built once outside the rounds

declare -a P1 P2 D1 D2
for i in $(seq 1 "$rounds"); do
  read -r _ p2 d2 < <(run "$work/q2")
  read -r _ p1 d1 < <(run "$work/q1")
  P2+=("$p2"); P1+=("$p1"); D2+=("$d2"); D1+=("$d1")
  echo "bench: round $i: P2 $p2 s, P1 $p1 s, D2 $d2 s, D1 $d1 s" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
p1=$(median "${P1[@]}"); p2=$(median "${P2[@]}"); d1=$(median "${D1[@]}"); d2=$(median "${D2[@]}")
printf 'slugbuilder test on node-ci (in-dyno Postgres per dyno, %s s of test work in all), seconds\n' "$work_seconds"
printf '  cold (no image)                      %6.2f\n' "$cold"
printf '  warm                                 %6.2f\n' "$warm"
printf '  P2 test phase, 2 dynos (median of %d) %6.2f\n' "$rounds" "$p2"
printf '  P1 test phase, 1 dyno  (median of %d) %6.2f\n' "$rounds" "$p1"
printf '  D2 dynos only, 2 dynos               %6.2f\n' "$d2"
printf '  D1 dynos only, 1 dyno                %6.2f\n' "$d1"
printf 'ratio P2/P1 = %.2f (target <= 0.65)\n' "$(echo "$p2 / $p1" | bc -l)"
printf 'ratio D2/D1 = %.2f (the add-ons'"'"' start-up excluded too)\n' "$(echo "$d2 / $d1" | bc -l)"
