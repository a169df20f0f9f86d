#!/usr/bin/env bash
# Before and after, in one run: builds the jar of an earlier commit REV in a worktree under
# target/ (once), then runs the start-up, warm-restart and slug benchmarks with
# BASELINE_BIN pointing at it, so each prints the earlier build's figure beside this one's
# (V/V0, A/A0) against the same baselines (java -version, the raw Docker CLI, the engine's own
# archive through pigz), measured in the same rounds.
#   scripts/bench-baseline.sh REV [startup restart slug]
# The slug benchmark runs on its small and large trees without its memory and upload parts
# (MEMORY_MB=0 UPLOAD=0), which the engine client does not touch.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:?usage: scripts/bench-baseline.sh REV [startup restart slug]}"
shift
sha="$(git rev-parse --short "$rev")"
dir="target/baseline-$sha"
if [ ! -f "$dir/target/slugbuilder.jar" ]; then
  rm -rf "$dir"
  git worktree add --detach "$dir" "$sha" >&2
  mvn -B -q -Dstyle.color=never -f "$dir/pom.xml" package -DskipTests >&2
fi
export BASELINE_BIN="$PWD/$dir/bin/slugbuilder"
mvn -B -q -Dstyle.color=never package -DskipTests >&2
for bench in "${@:-startup restart slug}"; do
  for one in $bench; do
    echo "== $one (baseline: $sha)"
    case "$one" in
      slug) MEMORY_MB=0 UPLOAD=0 scripts/bench-slug.sh | sed -n '/^Results/,$p' ;;
      *) "scripts/bench-$one.sh" ;;
    esac
  done
done
