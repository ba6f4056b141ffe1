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
exec target/release/kouza-guard-app --demo
