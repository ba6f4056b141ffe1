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

step "Release build of the app and the sandbox bank"
cargo build --release -p kouza-guard-app -p sandbox-bank

step "End-to-end tests of the real app (tauri-driver + WebKitWebDriver, under Xvfb, with a real keychain)"
scripts/with-keyring.sh bash -c 'cd tests/e2e && npm test --silent'

step "All checks passed"
