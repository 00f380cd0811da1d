#!/usr/bin/env bash
# Fuzzes every importer and the Markdown renderer for a bounded time each, with a memory
# limit. Crashes land in fuzz/artifacts/<target>/: copy each into fuzz/regressions/<target>/
# (the integration tests replay that folder) and fix the bug.
#   scripts/fuzz.sh [seconds per target, default 60]
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain build them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in csv_import xlsx_import json_import bundle_import bundle_record markdown markdown_pdf; do
  echo "== fuzzing $target for ${secs}s"
  # The working corpus grows as it runs (git-ignored); the committed seeds start it.
  # libFuzzer refuses a corpus folder that does not exist (a target with no regression yet).
  mkdir -p "fuzz/corpus/$target" "fuzz/regressions/$target"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" "fuzz/regressions/$target" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -max_len=1048576 -timeout=20 -print_final_stats=1 2>&1 \
    | grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" || true
done
