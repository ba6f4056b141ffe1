#!/usr/bin/env bash
# Fuzzes every parser (or the targets named) with cargo-fuzz: rounds of FUZZ_ROUND_SECONDS (30)
# until a round adds no coverage or FUZZ_MAX_SECONDS (300) have passed, then minimises the corpus.
# The corpus (fuzz/corpus/) and any crash (fuzz/artifacts/*/crash-*) are kept in git and replayed
# by `cargo test --test fuzz_regressions`. Needs cargo-fuzz (cargo install cargo-fuzz --locked);
# on the stable compiler RUSTC_BOOTSTRAP=1 lets it use the sanitizer flags. The targets are built
# with debug assertions, so an overflow in any sum of amounts is a crash, and inputs reach
# FUZZ_MAX_LEN (256 KB) bytes, enough for long lines, deep nesting and huge cells.
set -uo pipefail
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

round=${FUZZ_ROUND_SECONDS:-30}
max_len=${FUZZ_MAX_LEN:-262144}
max=${FUZZ_MAX_SECONDS:-300}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv zengin ofx camt detect)

seed() {
  case $1 in
    csv) cp tests/fixtures/csv/*.csv "$2"/ ;;
    zengin) cp tests/fixtures/zengin/* "$2"/ ;;
    ofx) cp tests/fixtures/ofx/* "$2"/ ;;
    camt) cp tests/fixtures/camt/* "$2"/ ;;
    detect) cp tests/fixtures/*/* data/demo/*.csv "$2"/ ;;
  esac
}

failed=()
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  if [ ! -d "$corpus" ]; then mkdir -p "$corpus"; seed "$target" "$corpus"; fi
  previous=-1
  spent=0
  while [ "$spent" -lt "$max" ]; do
    log=$(mktemp)
    if ! cargo fuzz run --release --debug-assertions "$target" "$corpus" -- -max_total_time="$round" -max_len="$max_len" >"$log" 2>&1; then
      echo "== $target: crash; see fuzz/artifacts/$target/" >&2
      tail -30 "$log" >&2
      failed+=("$target")
      rm -f "$log"
      break
    fi
    coverage=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
    rm -f "$log"
    spent=$((spent + round))
    echo "== $target: coverage ${coverage:-?} after ${spent}s"
    [ -n "$coverage" ] && [ "$coverage" -le "$previous" ] && break
    previous=${coverage:-$previous}
  done
  cargo fuzz cmin --release --debug-assertions "$target" "$corpus" -- -max_len="$max_len" >/dev/null 2>&1 || true
  echo "== $target: corpus $(ls "$corpus" | wc -l) files"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashes in: ${failed[*]} (kept under fuzz/artifacts/; add them to the regression run)" >&2
  exit 1
fi
