#!/bin/sh
# Installs the Debian 12 packages soso needs to build, test and run its demo.
# Idempotent and non-interactive: packages already present are not touched, and
# apt-get runs only when something is missing.
set -eu

pkgs="build-essential cmake pkg-config
libsqlite3-dev libgdal-dev gdal-bin libproj-dev proj-data
libgsl-dev librandom123-dev libcairo2-dev libjansson-dev libyaml-dev
libcmocka-dev libsleef-dev libpango1.0-dev poppler-utils fonts-dejavu-core valgrind
libreadstat-dev nettle-dev libutf8proc-dev jq
libmicrohttpd-dev libgettextpo-dev gettext chromium
libgeos-dev help2man bash-completion
clang libclang-rt-14-dev libomp-14-dev sqlite3
libopenmpi-dev openmpi-bin"
# Node.js and npm for the browser tests (tests/web); a Node from elsewhere will do.
if ! command -v npm >/dev/null 2>&1; then pkgs="$pkgs nodejs npm"; fi

if [ "${1:-}" = "--bench" ]; then
  pkgs="$pkgs libquantlib0-dev python3-sklearn python3-numpy hyperfine"
fi

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

# The browser tests' npm packages (playwright-core, pinned by package-lock.json).
npm_ci() {
  web="$(dirname "$0")/../tests/web"
  if [ -f "$web/package-lock.json" ] && [ ! -d "$web/node_modules/playwright-core" ]; then
    echo "install-deps: npm ci in tests/web"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

if [ -z "$missing" ]; then
  echo "install-deps: all packages present"
  npm_ci
  exit 0
fi

echo "install-deps: installing$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
npm_ci
