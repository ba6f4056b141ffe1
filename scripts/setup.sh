#!/usr/bin/env bash
# Installs whatever is missing to build the app (`setup.sh app`), also to test it (`setup.sh test`),
# to run the benchmarks (`setup.sh bench`), or to make its .deb and .rpm (`setup.sh package`), on
# Debian or Ubuntu. Safe to run again: it only installs what is not there.
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-app}
case "$purpose" in app | test | bench | package) ;; *) echo "usage: $0 [app|test|bench|package]" >&2; exit 64 ;; esac

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'kouza-guard setup: %s\n' "$*" >&2; exit 1; }

# --- Toolchains that must come from their own installers -------------------------------------
command -v cargo >/dev/null 2>&1 || fail "Rust is not installed. Install it with:
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
then open a new terminal (or run: . \"\$HOME/.cargo/env\") and run this command again."

node_ok() { node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit((a===20&&b>=19)||(a===22&&b>=12)||a>22?0:1)' 2>/dev/null; }
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  fail "Node.js 20.19 or newer (with npm) is not installed. Debian's own nodejs package is too old;
install Node 20 or 22 LTS from https://nodejs.org/en/download (for example with nvm:
    curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.1/install.sh | bash && nvm install 22)
then run this command again."
fi
node_ok || fail "Node.js $(node --version) is not supported: 20.19+ or 22.12+ is needed (see https://nodejs.org/en/download)."

# --- System packages ---------------------------------------------------------------------------
packages=(
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev
  fonts-noto-cjk # the window's Japanese text
)
if [ "$purpose" = test ]; then
  packages+=(xvfb webkit2gtk-driver)
  # xdotool answers the system's save and open dialogs in the end-to-end tests, as a person would.
  packages+=(xdotool)
  # A real keychain for the tests: GNOME Keyring's Secret Service in a private D-Bus session
  # (scripts/with-keyring.sh). A desktop session has its own.
  packages+=(gnome-keyring dbus-daemon)
  # pdftotext and pdffonts: the consultation sheet's text is checked in the PDF itself.
  packages+=(poppler-utils)
  # dbus-monitor: the end-to-end test sees the desktop notification go out on the session bus.
  packages+=(dbus-bin)
  # minisign: the tests sign a data bundle with scripts/sign-data.sh, as a maintainer would, and
  # the end-to-end test makes a branch key and signs the update it installs from the window.
  packages+=(minisign)
  # gio launches the installed package's desktop entry, as a file manager's "Open with" does;
  # desktop-file-validate checks that entry.
  packages+=(libglib2.0-bin desktop-file-utils)
fi
if [ "$purpose" = bench ]; then
  # hyperfine times whole commands; GNU time reads their peak memory; iconv (libc-bin) and grep
  # are the "decode and match only" reference; python3-venv holds pandas for the other one.
  packages+=(hyperfine time python3-venv)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || fail "these system packages are missing and this is not a Debian or Ubuntu system: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    fail "these system packages are missing: ${missing[*]}
Install them as root:  apt-get update && apt-get install -y ${missing[*]}"
  fi
  say "Installing system packages: ${missing[*]}"
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- npm packages (exact versions from the lock files) ------------------------------------------
npm_install() {
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}
npm_install ui
if [ "$purpose" = test ] || [ "$purpose" = package ]; then
  # The Tauri CLI, pinned, which bundles the release build into .deb and .rpm (scripts/package.sh).
  npm_install packaging
fi
if [ "$purpose" = bench ]; then
  # pandas and polars from PyPI in a virtual environment of the project's own, for the reference
  # scripts.
  if [ ! -x target/bench/venv/bin/python ] || ! target/bench/venv/bin/python -c 'import pandas, polars' 2>/dev/null; then
    say "Installing pandas and polars (PyPI) in target/bench/venv"
    mkdir -p target/bench
    python3 -m venv target/bench/venv
    target/bench/venv/bin/pip install --quiet 'pandas==2.*' 'polars==1.*'
  fi
fi
if [ "$purpose" = test ]; then
  npm_install tests/e2e
  # --- tauri-driver: the WebDriver bridge to the app's window, from crates.io -------------------
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver"
    cargo install tauri-driver --locked
  fi
fi
