#!/usr/bin/env bash
# Benchmark: start-up of the installed command, from the release tarball scripts/dist.sh made
# (target/dist; made again first when missing or when it packs another jar than target's), unpacked into a temporary directory and run through its
# own launcher, bundled runtime and class-data archive, as wall time of whole commands:
#   V  slugbuilder --version
#   H  slugbuilder --help (every command's picocli model)
#   I  slugbuilder init --force on the node sample app
#   J  java -version of the java on PATH (the JDK's own default archive): the floor any Java CLI
#      starts from
#   R  java -version of the bundled runtime (no default archive: jlink made none)
# ROUNDS times each, interleaved, after one warm-up run. Prints medians and ratios against J
# (target <= 2.5 for V and I).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-15}"
java="$(command -v java)"
tarball="$(ls target/dist/slugbuilder-*-linux-x64.tar.gz 2>/dev/null | head -1 || true)"
if [ ! -f target/slugbuilder.jar ]; then
  scripts/dist.sh >&2
elif [ -z "$tarball" ] || ! cmp -s target/slugbuilder.jar target/dist/slugbuilder.jar; then
  scripts/dist.sh --no-build >&2
fi
tarball="$(ls target/dist/slugbuilder-*-linux-x64.tar.gz | head -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
cmd="$(echo "$work"/slugbuilder-*/bin/slugbuilder)"
rt="$(dirname "$cmd")/../runtime/bin/java"
cp -a fixtures/apps/node-express "$work/app"

# seconds one command takes, its output discarded
elapsed() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }
  echo "$EPOCHREALTIME - $t0" | bc -l
}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

# the archive must map: -Xshare:on fails otherwise
SLUGBUILDER_JAVA_OPTS=-Xshare:on "$cmd" --version >/dev/null
"$cmd" --help >/dev/null
declare -a V=() H=() I=() J=() R=()
for _ in $(seq 1 "$rounds"); do
  J+=("$(elapsed "$java" -version)")
  R+=("$(elapsed "$rt" -version)")
  V+=("$(elapsed "$cmd" --version)")
  H+=("$(elapsed "$cmd" --help)")
  I+=("$(elapsed "$cmd" init --force "$work/app")")
done
j=$(median "${J[@]}"); r=$(median "${R[@]}"); v=$(median "${V[@]}"); h=$(median "${H[@]}"); i=$(median "${I[@]}")
printf 'installed %s, median of %d rounds (seconds)\n' "${tarball##*/}" "$rounds"
printf '  J java -version (Java %-8s)  %6.3f\n' "$("$java" -version 2>&1 | head -1 | cut -d'"' -f2)" "$j"
printf '  R bundled runtime java -version  %6.3f\n' "$r"
printf '  V slugbuilder --version          %6.3f\n' "$v"
printf '  H slugbuilder --help             %6.3f\n' "$h"
printf '  I slugbuilder init (node app)    %6.3f\n' "$i"
printf 'ratio V/J = %.2f (target <= 2.50)\n' "$(echo "$v / $j" | bc -l)"
printf 'ratio H/J = %.2f\n' "$(echo "$h / $j" | bc -l)"
printf 'ratio I/J = %.2f (target <= 2.50)\n' "$(echo "$i / $j" | bc -l)"
