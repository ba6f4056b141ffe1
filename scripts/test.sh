#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every check and test:
# formatting, lints and type check first, then the Rust tests, the UI unit tests, and the
# end-to-end tests of the real built app under Xvfb. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Setup"
scripts/setup.sh test

step "cargo fmt --check"
cargo fmt --all --check

step "UI type check (tsc --noEmit) and build"
# The build comes before clippy: the app embeds ui/dist at compile time.
(cd ui && npm run --silent build)

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests (core, CLI, app shell; the TypeScript bindings must be fresh), with a real keychain"
scripts/with-keyring.sh cargo test --workspace

step "UI unit tests"
(cd ui && npm test --silent)

step "Release build of the app, the CLI and the sandbox bank"
# The CLI is built here too, once, for the packages below (scripts/package.sh builds the same).
cargo build --release -p kouza-guard-app -p kouza-guard -p sandbox-bank

step "End-to-end tests of the real app (tauri-driver + WebKitWebDriver, under Xvfb, with a real keychain)"
scripts/with-keyring.sh bash -c 'cd tests/e2e && npm test --silent'

step "Packages from that release build; the .deb installed with apt, its app and CLI tested, then removed"
scripts/package.sh --no-build
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
deb=$(find target/package -maxdepth 1 -name '*.deb' | head -n1)
package=$(dpkg-deb -f "$deb" Package)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "./$deb"
trap '"${as_root[@]}" apt-get remove -y "$package"' EXIT
KOUZA_GUARD_APP=/usr/bin/kouza-guard-app KOUZA_GUARD_PACKAGE=$package \
  scripts/with-keyring.sh bash -c 'cd tests/e2e && node --test --test-concurrency=1 installed/*.test.mjs'
trap - EXIT
"${as_root[@]}" apt-get remove -y "$package"
if [ -e /usr/bin/kouza-guard-app ] || [ -e /usr/bin/kouza-guard ]; then
  echo "apt-get remove left the app or the CLI behind" >&2
  exit 1
fi

step "All checks passed"
