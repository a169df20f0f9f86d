#!/usr/bin/env bash
# Runs every test on a fresh machine: starts a Docker engine when none runs, builds the
# local stack images when missing, then `mvn verify` (unit tests, then the *IT tests
# against the real engine).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prepare.sh
mvn -B -Dstyle.color=never verify -Dslugbuilder.stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}" "$@"
