#!/usr/bin/env bash
# Rebuilds the report editor's bundle, static/vendor/tiptap/tiptap.bundle.min.js, and its
# licence file from the npm registry: Tiptap (MIT) and ProseMirror (MIT) at the versions
# pinned in scripts/editor/package-lock.json, bundled by esbuild into one IIFE file that sets
# window.Tiptap (see scripts/editor/entry.js; static/js/rich-text.js uses it).
# node_modules stay outside the repository, in EDITOR_BUILD_DIR (default /tmp/editor-build).
# To move to newer versions: edit package.json there, run `npm install`, copy the lock back.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${EDITOR_BUILD_DIR:-/tmp/editor-build}"
out="$root/static/vendor/tiptap"

mkdir -p "$build" "$out"
cp "$here/editor/package.json" "$here/editor/package-lock.json" "$here/editor/entry.js" "$build/"
cd "$build"
npm ci --no-audit --no-fund
npx esbuild entry.js --bundle --minify --format=iife --target=es2019 --legal-comments=none \
  --metafile=meta.json --outfile="$out/tiptap.bundle.min.js"

# One licence text for every package whose code is in the bundle, read from the packages.
node - "$out/THIRD_PARTY_LICENSES.txt" <<'JS'
const fs = require("fs");
const path = require("path");
const meta = JSON.parse(fs.readFileSync("meta.json", "utf8"));
const inputs = Object.values(meta.outputs)[0].inputs;
const dirs = new Set();
for (const file of Object.keys(inputs)) {
  const match = file.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match && inputs[file].bytesInOutput > 0) dirs.add(match[1]);
}
const parts = ["Third-party software in tiptap.bundle.min.js (built by scripts/build-editor.sh).\n"];
for (const name of [...dirs].sort()) {
  const dir = path.join("node_modules", name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const file = fs.readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
  if (!file) throw new Error(`${name} has no licence file`);
  if (!["MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC"].includes(pkg.license)) {
    throw new Error(`${name} is ${pkg.license}, not a licence the portal accepts`);
  }
  const text = fs.readFileSync(path.join(dir, file), "utf8").trim();
  parts.push(`${"=".repeat(78)}\n${name} ${pkg.version} (${pkg.license})\n${"=".repeat(78)}\n${text}\n`);
}
fs.writeFileSync(process.argv[2], parts.join("\n"));
console.log(`${dirs.size} packages' licences written to ${process.argv[2]}`);
JS
ls -l "$out"
