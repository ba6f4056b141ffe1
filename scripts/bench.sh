#!/usr/bin/env bash
# The scan benchmark (issue 10): `kouza-guard scan` on ten years of a busy account — a 1,000,000-row
# CP932 三井住友 export written by examples/bench_data.rs — against two references on the same file:
# a plain pandas script, and `iconv | grep -c`, which only decodes and matches. Prints the times,
# the peak memory and the ratios; ROWS=100000 scripts/bench.sh for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh bench >&2
rows=${ROWS:-1000000}
mkdir -p target/bench
data=target/bench/smbc-$rows.csv
cargo build --quiet --release --bin kouza-guard --example bench_data
[ -f "$data" ] || target/release/examples/bench_data "$data" "$rows"

# The catalog's aliases, as the references look for them: as written in the catalog, and in the
# half-width katakana a passbook prints (ドコモコウザ as ﾄﾞｺﾓｺｳｻﾞ), since grep does not normalise.
mapfile -t aliases < <(python3 -c '
import itertools, re, tomllib, unicodedata
def spellings(alias):
    # An alias is a name, or its parts with every spelling: [ドコモ|DOCOMO][コウザ|口座|KOZA].
    text = alias if isinstance(alias, str) else alias["text"]
    parts = re.findall(r"\[([^\]]*)\]|([^\[]+)", text)
    choices = [bracket.split("|") if bracket else [plain] for bracket, plain in parts]
    return ["".join(choice) for choice in itertools.product(*choices)]
half = {}
for code in range(0xFF61, 0xFFA0):
    h = chr(code)
    half.setdefault(unicodedata.normalize("NFKC", h), h)
    for mark in "\uff9e\uff9f":
        full = unicodedata.normalize("NFKC", h + mark)
        if len(full) == 1:
            half.setdefault(full, h + mark)
with open("data/catalog/services.toml", "rb") as f:
    for service in tomllib.load(f)["service"]:
        for alias in (a for written in service["aliases"] for a in spellings(written)):
            print(alias)
            written = "".join(half.get(c, c) for c in alias)
            if written != alias:
                print(written)
')
pattern=$(printf '%s|' "${aliases[@]}")
pattern=${pattern%|}

scan="target/release/kouza-guard scan --format json --today 2026-11-25 $data"
pandas="target/bench/venv/bin/python benches/reference_pandas.py $data ${aliases[*]}"
polars="target/bench/venv/bin/python benches/reference_polars.py $data ${aliases[*]}"
grep_ref="iconv -f CP932 -t UTF-8 $data | grep -c -E '$pattern'"

peak() { /usr/bin/time -f '%M' bash -c "$1 > /dev/null" 2>&1 >/dev/null | tail -1; }

# Every tool must count the same e-money withdrawals, or the times compare different work.
scan_count=$({ $scan || [ $? -eq 1 ]; } | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["emoney"]))')
pandas_count=$($pandas)
polars_count=$($polars)
if [ "$scan_count" != "$pandas_count" ] || [ "$scan_count" != "$polars_count" ]; then
  echo "bench: the tools disagree on the e-money withdrawals: scan $scan_count, pandas $pandas_count, polars $polars_count" >&2
  exit 1
fi
echo "All three count $scan_count e-money withdrawals." >&2

# scan exits 1 when something is flagged (the burst is): -i keeps hyperfine going.
hyperfine --style basic --warmup 1 --runs "${RUNS:-5}" -i \
  --export-json target/bench/times.json \
  -n "kouza-guard scan" "$scan > /dev/null" \
  -n "pandas reference" "$pandas > /dev/null" \
  -n "polars reference" "$polars > /dev/null" \
  -n "iconv | grep reference" "$grep_ref > /dev/null" >&2

python3 - "$data" "$rows" "$(peak "$scan")" "$(peak "$pandas")" "$(peak "$polars")" "$(peak "$grep_ref")" <<'PY'
import json, os, sys
data, rows, scan_kb, pandas_kb, polars_kb, grep_kb = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:])
times = {r["command"]: r for r in json.load(open("target/bench/times.json"))["results"]}
scan, pandas, polars, grep = (times[k]["mean"] for k in ("kouza-guard scan", "pandas reference", "polars reference", "iconv | grep reference"))
mb = os.path.getsize(data) / 1e6
print(f"{rows:,} rows, {mb:.1f} MB CP932 ({data})\n")
print("| | mean time | peak memory | vs kouza-guard scan |")
print("|---|---:|---:|---:|")
print(f"| kouza-guard scan | {scan:.2f} s | {scan_kb/1024:.0f} MB | |")
print(f"| pandas reference | {pandas:.2f} s | {pandas_kb/1024:.0f} MB | scan is {pandas/scan:.1f}× faster |")
print(f"| polars reference | {polars:.2f} s | {polars_kb/1024:.0f} MB | scan is {polars/scan:.1f}× faster |")
print(f"| iconv \\| grep -c reference | {grep:.2f} s | {grep_kb/1024:.0f} MB | scan takes {scan/grep:.1f}× as long |")
PY

# A branch's batch: 1,000 statements of about 1,000 rows each, on one core and on all of them.
batch=target/bench/batch
if [ "$(ls "$batch" 2>/dev/null | wc -l)" -ne 1000 ]; then
  mkdir -p "$batch"
  for i in $(seq 1 1000); do target/release/examples/bench_data "$batch/statement-$i.csv" $((900 + i % 200)); done
fi
echo
echo "A batch of 1,000 statements (\`scan --each\`):"
# scan exits 1 when something is flagged (the batch has bursts): that is not a failure here.
for threads in 1 "$(nproc)"; do
  { RAYON_NUM_THREADS=$threads target/release/kouza-guard scan --each --format json --throughput \
    --today 2026-11-25 "$batch"/*.csv 2>&1 >/dev/null || [ $? -eq 1 ]; } | sed 's/^kouza-guard: /- /'
done
