#!/usr/bin/env bash
# Makes a signed data bundle from data/ (the service catalog, the guidance steps, contacts and
# deadlines) that `kouza-guard data install FILE` accepts.
#
#   KOUZA_GUARD_DATA_KEY="$(cat secret.key)" scripts/sign-data.sh OUT.json [LABEL]
#
# KOUZA_GUARD_DATA_KEY holds a minisign secret key file's text (made with `minisign -G -W`); it
# is written to a private temporary file only for the signing and removed after. The serial that
# orders bundles is SERIAL, by default the time now as YYYYMMDDHH; it must be newer than the one
# in use for a bundle to be installed. Needs minisign (apt-get install minisign) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: KOUZA_GUARD_DATA_KEY=… scripts/sign-data.sh OUT.json [LABEL]}
label=${2:-$(date -u +%Y-%m-%d)}
serial=${SERIAL:-$(date -u +%Y%m%d%H)}
[ -n "${KOUZA_GUARD_DATA_KEY:-}" ] || { echo "sign-data: KOUZA_GUARD_DATA_KEY is not set" >&2; exit 64; }
command -v minisign >/dev/null || { echo "sign-data: minisign is not installed (apt-get install minisign)" >&2; exit 69; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
printf '%s\n' "$KOUZA_GUARD_DATA_KEY" >"$work/secret.key"

python3 - "$serial" "$label" >"$work/payload.json" <<'PY'
import json, sys
read = lambda path: open(path, encoding="utf-8").read()
json.dump({
    "format": 1,
    "serial": int(sys.argv[1]),
    "label": sys.argv[2],
    "catalog": read("data/catalog/services.toml"),
    "steps": read("data/guidance/steps.toml"),
    "contacts": read("data/guidance/contacts.toml"),
    "deadlines": read("data/guidance/deadlines.toml"),
}, sys.stdout, ensure_ascii=False, separators=(",", ":"))
PY
# The payload is signed as written, without the newline a shell would add.
minisign -S -s "$work/secret.key" -m "$work/payload.json" -x "$work/payload.minisig" \
  -t "kouza-guard data $label (serial $serial)" >/dev/null
python3 - "$work/payload.json" "$work/payload.minisig" >"$out" <<'PY'
import json, sys
payload = open(sys.argv[1], encoding="utf-8").read()
signature = open(sys.argv[2], encoding="utf-8").read()
json.dump({"payload": payload, "signature": signature}, sys.stdout, ensure_ascii=False)
PY
echo "sign-data: wrote $out (label $label, serial $serial)"
