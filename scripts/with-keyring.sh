#!/usr/bin/env bash
# Runs a command with a real OS keychain: a private D-Bus session with GNOME Keyring's Secret
# Service, unlocked, its keyrings in a temporary folder that is removed afterwards.
#   scripts/with-keyring.sh cargo test --workspace
# Used by the tests (the store's key and the bank credentials live in the keychain); a desktop
# session already has a keychain and needs none of this.
set -euo pipefail

if [ "${KOUZA_GUARD_IN_KEYRING:-}" = 1 ]; then
  exec "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "with-keyring: $tool is missing; run scripts/setup.sh test" >&2
    exit 1
  }
done

keyrings=$(mktemp -d "${TMPDIR:-/tmp}/kouza-guard-keyring.XXXXXX")
trap 'rm -rf "$keyrings"' EXIT
export KEYRING_DATA_HOME=$keyrings KOUZA_GUARD_IN_KEYRING=1

# Inside the session: start the daemon with a throwaway password (it creates and unlocks the
# login keyring), then run the command. The daemon ends with the session.
dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME=$KEYRING_DATA_HOME
  printf "kouza-guard-tests" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  unset XDG_DATA_HOME
  exec "$@"
' with-keyring "$@"
