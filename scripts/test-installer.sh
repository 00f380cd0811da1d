#!/usr/bin/env bash
# Tests the .deb that scripts/bundle.sh built, as IT installs it for a person: `dpkg -i`,
# what it put where (program, typesetter beside it, menu entry, icons, licence), the app
# started through its menu entry's command under Xvfb on a fresh home directory
# (tests/e2e/installed/), then `dpkg -r`: the programs and menu entry are gone, the person's
# data directory is left as it was. Needs root (or password-less sudo); called by
# scripts/test.sh after the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
fail() { echo "installer test: $*" >&2; exit 1; }

deb=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb under target/release/bundle/deb (scripts/bundle.sh builds it)"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"

pkg=$(dpkg-deb --field "$deb" Package)
version=$(dpkg-deb --field "$deb" Version)
want_version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' src-tauri/tauri.conf.json)
[ "$pkg" = commitment-tracker ] || fail "package is named '$pkg'"
[ "$version" = "$want_version" ] || fail "package version $version, the app's is $want_version"
echo "installer test: $deb ($pkg $version, $(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Depends | grep -q 'libwebkit2gtk-4.1-0' || fail "the package does not depend on WebKitGTK"

installed() { dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; }
installed && fail "$pkg is installed already on this machine; remove it first (dpkg -r $pkg)"
home=$(mktemp -d /tmp/ct-installed-home.XXXXXX)
cleanup() {
  if installed; then $SUDO dpkg -r "$pkg" >/dev/null || true; fi
  rm -rf "$home"
}
trap cleanup EXIT

$SUDO dpkg -i "$deb"
installed || fail "dpkg -i did not leave $pkg installed"
entry=$(dpkg -L "$pkg" | grep '^/usr/share/applications/.*\.desktop$' | head -1)
[ -n "$entry" ] || fail "the package has no menu entry"
for f in /usr/bin/commitment-tracker /usr/bin/ct-typeset /usr/share/doc/"$pkg"/copyright \
  /usr/share/icons/hicolor/32x32/apps/commitment-tracker.png \
  /usr/share/icons/hicolor/128x128/apps/commitment-tracker.png \
  /usr/share/icons/hicolor/512x512/apps/commitment-tracker.png; do
  [ -f "$f" ] || fail "$f was not installed"
done
# The installed programs are the ones built. Tauri's bundler marks its copy of the app with
# the kind of package (3 bytes, "DEB" where the build has "UNK"): nothing else may differ.
changed=$(cmp -l /usr/bin/commitment-tracker target/release/commitment-tracker | wc -l || true)
[ "$(stat -c %s /usr/bin/commitment-tracker)" = "$(stat -c %s target/release/commitment-tracker)" ] \
  && [ "$changed" -le 3 ] || fail "/usr/bin/commitment-tracker differs from the release build ($changed bytes)"
cmp -s /usr/bin/ct-typeset target/release/ct-typeset || fail "/usr/bin/ct-typeset differs from the release build"
grep -q "MIT License" /usr/share/doc/"$pkg"/copyright || fail "the licence is not in the copyright file"
desktop-file-validate "$entry" || fail "desktop-file-validate refused $entry"

# The window, started as the menu does, with the person's own (new) home directory.
(cd tests/e2e && CT_DESKTOP_ENTRY="$entry" CT_INSTALLED_HOME="$home" \
  node --test --test-concurrency=1 installed/)

data="$home/.local/share/org.commitmenttracker.desktop"
before=$(sha256sum "$data/commitment-tracker.sqlite3" | cut -d' ' -f1)
$SUDO dpkg -r "$pkg"
installed && fail "dpkg -r left $pkg installed"
for f in /usr/bin/commitment-tracker /usr/bin/ct-typeset "$entry"; do
  [ ! -e "$f" ] || fail "$f is still there after dpkg -r"
done
# The person's data stays: the same database file, still IOM's catalogue with their identity.
[ "$(sha256sum "$data/commitment-tracker.sqlite3" | cut -d' ' -f1)" = "$before" ] \
  || fail "the database changed when the package was removed"
count=$(target/release/commitment-tracker --db "$data/commitment-tracker.sqlite3" --keep-backups 0 \
  commitments list --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$count" = 19 ] || fail "the data directory's database lists $count commitments after removal, not 19"
echo "installer test: installed, started from its menu entry, removed; the data directory is kept ($data)"
