#!/usr/bin/env bash
# Builds the UI and then the release app that serves it: target/release/kouza-guard-app, and the
# sandbox bank the demo connects to: target/release/sandbox-bank.
set -euo pipefail
cd "$(dirname "$0")/.."

(cd ui && npm run --silent build)
cargo build --release -p kouza-guard-app -p sandbox-bank
