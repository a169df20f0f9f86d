#!/usr/bin/env bash
# Where a slugbuilder command spends its CPU: runs `bin/slugbuilder ARGS...` under async-profiler
# (fetched once from Maven Central into ~/.m2: tools.profiler:async-profiler, linux-x64) and
# prints the CPU time of each group of threads (main, the gzip workers, the JIT compilers, GC)
# and the heaviest frames of the main thread, inclusive. This is how issue 11's figures were
# found: profile first, then change. The machine's other load shows up too: run it quietly.
#   scripts/profile.sh slug pack IMAGE -o /tmp/slug.tgz
#   EVENT=wall INTERVAL=200us TOP=60 scripts/profile.sh init --force fixtures/apps/node-express
# EVENT: cpu (default; falls back to itimer where perf events are not allowed) or wall.
# KEEP=FILE keeps the collapsed stacks (one line per stack, for flame graph tools).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || { echo "usage: scripts/profile.sh SLUGBUILDER-ARGS..." >&2; exit 2; }
version=4.1
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar"
if [ ! -f "$jar" ]; then
  mvn -B -q -Dstyle.color=never dependency:get -Dartifact="tools.profiler:async-profiler:$version:jar:linux-x64" \
    -Dtransitive=false >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q -o "$jar" 'linux-x64/libasyncProfiler.so')
stacks="${KEEP:-$work/stacks.txt}"
event="${EVENT:-cpu}"
SLUGBUILDER_JAVA_OPTS="-agentpath:$work/linux-x64/libasyncProfiler.so=start,event=$event,interval=${INTERVAL:-1ms},collapsed,threads,file=$stacks ${SLUGBUILDER_JAVA_OPTS:-}" \
  bin/slugbuilder "$@" >&2
python3 - "$stacks" "${TOP:-40}" "${INTERVAL:-1ms}" <<'PY'
import collections, re, sys
stacks, top, interval = sys.argv[1], int(sys.argv[2]), sys.argv[3]
unit = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
m = re.fullmatch(r"(\d+(?:\.\d+)?)(us|ms|s)", interval)
seconds = float(m.group(1)) * unit[m.group(2)] if m else 1e-3
groups, main = collections.Counter(), collections.Counter()
for line in open(stacks):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    frames = stack.split(";")
    thread = re.sub(r"\d+", "N", re.sub(r" tid=\d+", "", frames[0]))
    groups[thread] += int(n)
    if thread.startswith("[main"):
        for frame in set(frames[1:]):
            main[frame] += int(n)
total = sum(groups.values())
print(f"samples: {total} ({total * seconds:.2f} s at {interval} each)")
print("by thread:")
for thread, n in groups.most_common(12):
    print(f"  {n * seconds:7.2f} s  {100 * n / total:5.1f}%  {thread}")
print(f"main thread, heaviest frames (inclusive, top {top}):")
for frame, n in main.most_common(top):
    print(f"  {n * seconds:7.2f} s  {frame[:140]}")
PY
