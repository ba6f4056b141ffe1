#!/usr/bin/env bash
# Installs what is missing, builds the app, and opens it on the built-in demo statement.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh app
scripts/build.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Built target/release/kouza-guard-app, but there is no desktop session (DISPLAY is not set) to open it in." >&2
  echo "Run this command again from a terminal on the desktop." >&2
  exit 1
fi
# The sandbox bank on 127.0.0.1:8765 (the built-in "Sandbox Bank (demo)" profile's address), so
# "銀行とつなぐ Connect a bank" can be tried without a real bank. It stops with the app.
target/release/sandbox-bank --port 8765 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true' EXIT
echo "To try Connect a bank: choose サンドボックス銀行（デモ用） Sandbox Bank (demo), token sandbox-jp-token-9a41" >&2
target/release/kouza-guard-app --demo
