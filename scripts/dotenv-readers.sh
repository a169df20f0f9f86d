#!/usr/bin/env bash
# The common dotenv readers that DotEnvReadersIT reads `config pull`'s files with: Debian's
# python3-dotenv (for /usr/bin/python3) and ruby-dotenv, installed with apt when missing, and
# Node's dotenv from the npm registry (two pinned majors) in slugbuilder's cache. Prints one line
# per Node reader, "VERSION NODE_PATH"; progress on stderr.
set -euo pipefail
cache="${XDG_CACHE_HOME:-$HOME/.cache}/slugbuilder/dotenv-readers"
if ! /usr/bin/python3 -c 'import dotenv' 2>/dev/null || ! ruby -e 'require "dotenv"' 2>/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "error: python3-dotenv and ruby-dotenv are missing and installing them needs root" >&2; exit 1; }
  echo "dotenv-readers: installing Debian's python3-dotenv and ruby-dotenv" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends python3-dotenv ruby-dotenv >&2 \
    || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends python3-dotenv ruby-dotenv >&2; }
fi
for version in 16.4.7 18.0.10; do
  dir="$cache/node-dotenv-$version"
  if [ ! -f "$dir/node_modules/dotenv/package.json" ]; then
    echo "dotenv-readers: installing dotenv@$version from the npm registry" >&2
    mkdir -p "$dir"
    (cd "$dir" && npm install --silent --no-audit --no-fund --no-save "dotenv@$version" >&2)
  fi
  echo "$version $dir/node_modules"
done
