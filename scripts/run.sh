#!/usr/bin/env bash
# Runs Commitment Tracker's desktop window, installing and building what is missing first.
# Data lives in the per-user data directory (~/.local/share/org.commitmenttracker.desktop);
# a new database is seeded with IOM's WHS commitments. Extra arguments go to the app, e.g.
#   scripts/run.sh --db /tmp/other.sqlite3      another database
#   scripts/run.sh serve                        browser mode (prints the URL to open)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh --run
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run --silent build)
cargo build -p commitment-tracker-desktop -p commitment-tracker-typeset
bin=target/debug/commitment-tracker
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # No screen (a server, CI): give the window a virtual one so it still starts.
  echo "run: no display found; starting the window on a virtual display (:99). Use 'scripts/run.sh serve' to use it from a browser." >&2
  pgrep -f "Xvfb :99" >/dev/null || (Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &)
  export DISPLAY=:99
  sleep 1
fi
exec "$bin" "$@"
