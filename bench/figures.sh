#!/usr/bin/env bash
# Every instruction-count figure of BENCHMARKS.md in one run, as ratios to the plain
# derive measured by the same binary in the same run (issue 16: "each figure as a ratio
# measured in one run, with the command").
#
#   bench/figures.sh            # under a minute of callgrind on one core here
#
# For each contender of bench/examples/profile.rs: callgrind's instruction total for N
# parses, minus the total with PROFILE_N=0 (building the payloads, loading the binary),
# divided by the records read. Single records: 20,000 parses; pages: 5 pages of 2,000
# Salesforce records or 1,000 Stalwart tasks. callgrind counts instructions, so the
# figures do not move with the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "figures.sh: valgrind is needed" >&2; exit 1; }
cargo build --quiet --release -p bench --example profile --example memory
bin=target/release/examples/profile

count() { # contender, PROFILE_N -> instructions of the whole process
  PROFILE_N=$2 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" 2>&1 |
    grep -oP 'Collected : \K[0-9]+'
}
declare -A per
measure() { # contender, PROFILE_N, records read per iteration
  local full setup
  full=$(count "$1" "$2")
  setup=$(count "$1" 0)
  per[$1]=$(( (full - setup) / ($2 * $3) ))
}
for c in sf-read sf-read-plain sf-read-stripped sf-read-plain-stripped sf-read-typify sf-read-jsonschema \
  sf-create sf-create-plain sf-create-typify sf-create-jsonschema st-first st-last st-plain st-tagged; do
  measure "$c" 20000 1
done
for c in sf-page sf-page-plain; do measure "$c" 5 2000; done
for c in st-get st-get-serde st-get-plain st-get-tagged st-get-envelope st-get-envelope-plain; do measure "$c" 5 1000; done

row() { # group, contender, baseline
  awk -v g="$1" -v c="$2" -v n="${per[$2]}" -v b="${per[$3]}" \
    'BEGIN { printf "| %s | %s | %d | %d | %.2fx |\n", g, c, n, b, n / b }'
}
echo "instructions per record (callgrind, setup subtracted) at $(git rev-parse --short HEAD)"
echo "| group | contender | instructions | baseline | ratio |"
echo "| --- | --- | ---: | ---: | ---: |"
row "Salesforce read, real record" sf-read sf-read-plain
row "" sf-read-typify sf-read-plain
row "" sf-read-jsonschema sf-read-plain
row "... without its custom fields" sf-read-stripped sf-read-plain-stripped
row "Salesforce create" sf-create sf-create-plain
row "" sf-create-typify sf-create-plain
row "" sf-create-jsonschema sf-create-plain
row "Stalwart, @type first" st-first st-plain
row "" st-tagged st-plain
row "Stalwart, @type last" st-last st-plain
row "Salesforce query page (2,000 records)" sf-page sf-page-plain
row "Stalwart /get (1,000 tasks)" st-get st-get-plain
row "" st-get-serde st-get-plain
row "" st-get-tagged st-get-plain
row "... the whole JMAP response" st-get-envelope st-get-envelope-plain
echo
target/release/examples/memory
