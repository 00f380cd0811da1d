#!/usr/bin/env bash
# Installs what building, running and testing Commitment Tracker needs on Debian 12, as root
# (or with sudo). Idempotent: a second run installs nothing. Used by run.sh and test.sh.
#   setup-debian.sh          everything (build, run, test)
#   setup-debian.sh --run    only what building and running the app needs
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=1
[ "${1:-}" = "--run" ] && want_tests=0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Build: Tauri 2 on Linux (WebKitGTK 4.1). Run: xvfb only when there is no display.
apt_build=(build-essential pkg-config file curl ca-certificates libwebkit2gtk-4.1-dev libxdo-dev
  libssl-dev libayatana-appindicator3-dev librsvg2-dev)
# Tests: a virtual display, the WebKit WebDriver for the real window, Chromium for browser
# mode, sqlite3 for the benchmarks' floor, poppler and imagemagick for looking at output, and
# D-Bus for a desktop-like session bus when the benchmark starts the window; PostgreSQL for the
# second engine's run of the integration tests (a throwaway cluster, scripts/pg-cluster.sh);
# aiosmtpd for the SMTP server on loopback that the e-mail notices are sent to
# (tests/support/smtp_sink.py, run by /usr/bin/python3); desktop-file-utils to validate the
# installed package's menu entry (scripts/test-installer.sh).
apt_test=(xvfb xauth webkit2gtk-driver chromium sqlite3 poppler-utils imagemagick dbus postgresql
  postgresql-client python3-aiosmtpd desktop-file-utils)

# The PDF export's fonts beyond its built-in Libertinus: Noto faces for Arabic, Hebrew,
# Devanagari, Thai, Lao, Khmer, Myanmar and more, Noto CJK (read only for a report with Chinese,
# Japanese or Korean text), Symbola for symbols and emoji, DejaVu Sans Mono for code
# (typeset/src/fonts.rs; docs/decisions/0008-pdf-scripts.md). The PDF tests need them too.
apt_fonts=(fonts-noto-core fonts-noto-cjk fonts-symbola fonts-dejavu-core)

pkgs=("${apt_build[@]}" "${apt_fonts[@]}" xvfb xauth)
[ "$want_tests" -eq 1 ] && pkgs+=("${apt_test[@]}")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js >= 20.19 (Vite 8). Debian 12's own nodejs is 18: use a newer one if it is not there.
if ! command -v node >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "setup: Node.js $(node --version) is too old; install Node.js 20.19 or newer (e.g. from NodeSource) and run again" >&2
  exit 1
}

# Rust (stable) through rustup, if there is no cargo yet.
if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

# npm packages, from the lockfiles.
npm_ci() {
  local dir=$1
  # Reinstall only when the lockfile changed since the last install.
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.ct-lock"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error "${@:2}" && cp package-lock.json node_modules/.ct-lock)
  fi
}
npm_ci ui
if [ "$want_tests" -eq 1 ]; then
  # The e2e tools need no install scripts (webdriverio's optional driver downloaders would try the network).
  npm_ci tests/e2e --ignore-scripts
  # The real OpenID provider (oidc-provider) that the single sign-on tests sign in through.
  npm_ci tests/support/oidc-provider --ignore-scripts
  # tauri-driver bridges WebDriver clients to WebKitWebDriver for the real window.
  if ! command -v tauri-driver >/dev/null 2>&1 || ! tauri-driver --help >/dev/null 2>&1; then
    cargo install tauri-driver --locked --version 2.1.0
  fi
fi
