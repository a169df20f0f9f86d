#!/usr/bin/env bash
# Benchmark: start-up, as wall time of whole commands run through bin/slugbuilder:
#   V  slugbuilder --version
#   I  slugbuilder init --force on the node sample app (detect, resolve the version, render)
#   J  java -version on the same JVM: the floor any Java CLI starts from
# ROUNDS times each, interleaved, after one warm-up run (the first run of a jar records its
# class-data-sharing archive). Prints medians and the ratios V/J and I/J (target <= 2.5).
# JAVAS="/path/to/java ..." measures each of those JVMs in turn (default: SLUGBUILDER_JAVA or
# the java on PATH); e.g. JAVAS="/usr/lib/jvm/java-17-openjdk-amd64/bin/java
# /usr/lib/jvm/temurin-25-jdk-amd64/bin/java".
# BASELINE_BIN=/path/to/an/earlier/checkout/bin/slugbuilder also measures V0, that build's
# --version, in the same rounds (scripts/bench-baseline.sh makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-15}"
read -r -a javas <<< "${JAVAS:-${SLUGBUILDER_JAVA:-$(command -v java)}}"
[ -f target/slugbuilder.jar ] || mvn -B -q -o package -DskipTests >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -a fixtures/apps/node-express "$work/app"

# seconds one command takes, its output discarded
elapsed() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }
  echo "$EPOCHREALTIME - $t0" | bc -l
}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

for java in "${javas[@]}"; do
  export SLUGBUILDER_JAVA="$java"
  bin/slugbuilder --version >/dev/null 2>&1   # records the archive for this jar and JVM, once
  [ -z "${BASELINE_BIN:-}" ] || "$BASELINE_BIN" --version >/dev/null 2>&1
  declare -a V=() I=() J=() V0=()
  for _ in $(seq 1 "$rounds"); do
    J+=("$(elapsed "$java" -version)")
    V+=("$(elapsed bin/slugbuilder --version)")
    I+=("$(elapsed bin/slugbuilder init --force "$work/app")")
    [ -z "${BASELINE_BIN:-}" ] || V0+=("$(elapsed "$BASELINE_BIN" --version)")
  done
  v=$(median "${V[@]}"); i=$(median "${I[@]}"); j=$(median "${J[@]}")
  printf 'start-up on %s, median of %d rounds (seconds)\n' "$("$java" -version 2>&1 | head -1)" "$rounds"
  printf '  J java -version                %6.3f\n' "$j"
  printf '  V slugbuilder --version        %6.3f\n' "$v"
  printf '  I slugbuilder init (node app)  %6.3f\n' "$i"
  printf 'ratio V/J = %.2f (target <= 2.50)\n' "$(echo "$v / $j" | bc -l)"
  printf 'ratio I/J = %.2f (target <= 2.50)\n' "$(echo "$i / $j" | bc -l)"
  if [ -n "${BASELINE_BIN:-}" ]; then
    v0=$(median "${V0[@]}")
    printf '  V0 baseline --version          %6.3f (V0/J = %.2f; V/V0 = %.2f)\n' "$v0" "$(echo "$v0 / $j" | bc -l)" "$(echo "$v / $v0" | bc -l)"
  fi
done
