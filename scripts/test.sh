#!/usr/bin/env bash
# Runs every test on a fresh machine: starts a Docker engine when none runs, builds the
# local stack images when missing, sets up Podman beside it, then `mvn verify` (unit tests,
# then the *IT tests against the real engine, then the Podman subset against Podman).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prepare.sh
# the terminal tests (AddonShellIT) type into a tmux pane, as a user types into a terminal
if ! command -v tmux >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "error: tmux is missing and installing it needs root" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux >&2; }
fi
# DotEnvReadersIT reads config pull's files with Node's, Python's and Ruby's dotenv readers
scripts/dotenv-readers.sh >/dev/null
# The Podman subset of the ITs (tagged "podman") runs once more against Debian's podman, beside
# Docker: scripts/podman.sh installs and serves it and copies the stack images into it.
# SLUGBUILDER_PODMAN=0 leaves it out.
podman=()
if [ "${SLUGBUILDER_PODMAN:-1}" != 0 ]; then
  started=$SECONDS
  podman=(-Dslugbuilder.podman="$(scripts/podman.sh)")
  echo "podman: ready in $((SECONDS - started)) s" >&2
fi
mvn -B -Dstyle.color=never verify -Dslugbuilder.stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}" "${podman[@]}" "$@"
