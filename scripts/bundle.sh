#!/usr/bin/env bash
# Builds the installers of this platform with the Tauri CLI (a release build): on Linux a .deb
# and an .rpm in target/release/bundle/{deb,rpm}/. The PDF typesetter `ct-typeset` is built
# first and bundled beside the app as a Tauri "external binary" (src-tauri/tauri.bundle.json,
# merged into tauri.conf.json only here, so that everyday builds need no such file).
#   scripts/bundle.sh               deb and rpm
#   scripts/bundle.sh deb           only the .deb
# The release workflow (.github/workflows/release.yml) does the same on Windows and macOS.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bundles=${1:-deb,rpm}

(cd ui && npm run --silent build)
# Tauri looks for the external binary under its target triple's name and installs it as
# `ct-typeset` beside `commitment-tracker` (/usr/bin in the .deb), where the app looks for it.
triple=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release -p commitment-tracker-typeset
mkdir -p src-tauri/binaries
cp target/release/ct-typeset "src-tauri/binaries/ct-typeset-$triple"
# From the repository's root: the CLI finds src-tauri/ itself.
node ui/node_modules/@tauri-apps/cli/tauri.js build --ci --config src-tauri/tauri.bundle.json --bundles "$bundles"
ls -l target/release/bundle/*/*.{deb,rpm} 2>/dev/null || true
