#!/usr/bin/env bash
# Runs every test of Commitment Tracker, installing what is missing first (Debian 12, as root
# or with sudo): formatting and lints, the core's integration tests on real SQLite files and
# the real CLI/server binary, the UI's type check and lint, the desktop app's release build and
# installers, then end-to-end tests of browser mode (headless Chromium) and of the real desktop
# window (WebKitWebDriver under Xvfb), and the .deb installed, started and removed (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "setup"
# A full disk otherwise shows up minutes later as a compiler error deep in the build log (it
# did once in CI). A clean build and test run writes ~3 GB under target/ and ui/: say so up
# front, but let the run try, since the figure is an estimate.
avail_kb=$(df -Pk "$root" | awk 'NR==2 {print $4}')
echo "disk: $((avail_kb / 1024)) MB free where the build writes ($root)"
if [ "$avail_kb" -lt $((5 * 1024 * 1024)) ]; then
  echo "warning: less than 5 GB free; a clean build and test run needs ~3 GB" >&2
fi
bash scripts/setup-debian.sh

step "format"
cargo fmt --all --check

step "ui: type check, lint, build"
(cd ui && npm run --silent typecheck && npm run --silent lint && npm run --silent build)

step "clippy (core and desktop shell)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "core: integration tests on SQLite (incl. generated TypeScript bindings are current)"
cargo test

step "core: integration tests again on PostgreSQL (a throwaway cluster)"
# The same suite, every test on a new database of a cluster in a temporary directory (unix
# socket, fsync off); the browser e2e runs on it too, below. Under CI a missing PostgreSQL
# fails the run; elsewhere it is skipped.
pg_dir=$(mktemp -d /tmp/ct-pg.XXXXXX)
chmod 755 "$pg_dir"  # the cluster runs as the postgres user when this runs as root
stop_pg() {
  bash scripts/pg-cluster.sh stop "$pg_dir/cluster"
  rm -rf "$pg_dir"
}
pg_url=""
cleanup() {
  if [ -n "$pg_url" ]; then stop_pg; fi
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT
if pg_url=$(bash scripts/pg-cluster.sh start "$pg_dir/cluster"); then
  CT_TEST_PG="$pg_url" cargo test --test integration || { stop_pg; exit 1; }
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is missing: the second engine's run cannot be skipped under CI" >&2
  exit 1
else
  echo "warning: PostgreSQL is not installed; its runs of the tests are skipped" >&2
  pg_url=""
fi

step "desktop app: release build and its installers (.deb, .rpm)"
# Built once, as users get it: the e2e tests below run this release binary (with ct-typeset
# beside it), and the installer test installs the .deb made from it. A debug build of the
# window as well would cost minutes more for nothing the tests need.
bash scripts/bundle.sh deb,rpm
bin="$root/target/release/commitment-tracker"

step "e2e: browser mode in headless Chromium"
(cd tests/e2e && CT_BIN="$bin" node --test --test-concurrency=1 browser/)

if [ -n "$pg_url" ]; then
  step "e2e: browser mode again, on PostgreSQL"
  (cd tests/e2e && CT_E2E_PG="$pg_url" CT_BIN="$bin" node --test --test-concurrency=1 browser/)
fi

step "e2e: the real window through WebDriver"
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :97 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=:97
fi
tauri-driver --port 4444 >"$root/target/tauri-driver.log" 2>&1 &
driver_pid=$!
(cd tests/e2e && CT_BIN="$bin" node --test --test-concurrency=1 window/)

if [ -n "$pg_url" ]; then
  step "e2e: the window on a PostgreSQL database"
  (cd tests/e2e && CT_E2E_PG="$pg_url" CT_BIN="$bin" node --test --test-concurrency=1 window/catalogue.test.mjs)
fi

step "installer: the .deb installed, started from its menu entry, removed"
# dpkg needs root. Under CI it cannot be skipped; elsewhere, without root or password-less
# sudo, it is.
if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
  bash scripts/test-installer.sh
elif [ "${CI:-}" = "true" ]; then
  echo "the installer test needs root or password-less sudo (dpkg -i); under CI it cannot be skipped" >&2
  exit 1
else
  echo "warning: not root and no password-less sudo: the installer test is skipped" >&2
fi

step "done"
