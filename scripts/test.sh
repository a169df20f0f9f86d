#!/usr/bin/env bash
# Runs every test on a fresh machine: starts a Docker engine when none runs, builds the
# local stack images when missing, then `mvn verify` (unit tests, then the *IT tests
# against the real engine).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER_HOST="$(scripts/engine.sh)"
export DOCKER_HOST
mvn -B -q -Dstyle.color=never package -DskipTests
scripts/stack.sh
mvn -B -Dstyle.color=never verify -Dslugbuilder.stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}" "$@"
