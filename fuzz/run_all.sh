#!/usr/bin/env bash
# Runs fuzz targets one after another, each for RUNS executions (default 10 million),
# from the seed corpus (python3 fuzz/seed_corpus.py) and what earlier runs added to it.
# Usage: fuzz/run_all.sh [target...]   (default: every target)
# MAX_TIME=<seconds> also stops each run after that long (libFuzzer -max_total_time).
# Build first: RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer none -a   (in fuzz/)
# Logs: fuzz/logs/<target>.log; one line per run appended to fuzz/logs/summary.tsv.
set -uo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-10000000}
BIN=target/x86_64-unknown-linux-gnu/release
ALL=(stalwart_read stalwart_create stalwart_patch salesforce_read salesforce_create salesforce_update validate schema_loader schema_emitter)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL[@]}")
mkdir -p logs
for t in "${targets[@]}"; do
  max_len=4096
  mkdir -p "corpus/$t" "artifacts/$t"
  start=$(date +%s)
  "$BIN/$t" "corpus/$t" -runs="$RUNS" ${MAX_TIME:+-max_total_time="$MAX_TIME"} -max_len="$max_len" -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"logs/$t.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  printf '%s\t%s\texecs=%s\texec/s=%s\tsecs=%s\trc=%s\n' "$(date -u +%FT%TZ)" "$t" "${execs:-?}" "${rate:-?}" "$secs" "$rc" >>logs/summary.tsv
done
