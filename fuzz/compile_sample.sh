#!/usr/bin/env bash
# Compiles a sample of the schemas the `schema_emitter` target accepted: "everything the
# checker accepts must compile", checked on inputs the fuzzer found. Each input of
# fuzz/corpus/schema_emitter/ (selector byte, then an object file) is taken in a fixed
# shuffled order; the ones `xtask generate` accepts, up to N, are generated into a crate
# of their own under a temporary folder and `cargo check`ed with warnings denied (the
# generated crate's own `#![deny(missing_docs)]` included). Exits non-zero on the first
# crate that does not build, leaving its folder in place.
#
# Usage: fuzz/compile_sample.sh [N]   (default 20; after a run of schema_emitter)
# Needs: cargo build --release -p xtask
set -uo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
ROOT=$PWD
XTASK=$ROOT/target/release/xtask
CORPUS=fuzz/corpus/schema_emitter
[ -x "$XTASK" ] || { echo "build xtask first: cargo build --release -p xtask" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "no $CORPUS: run python3 fuzz/seed_corpus.py (and the target)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/emitter-sample.XXXXXX)
accepted=0 refused=0 skipped=0
# A fixed order, so that a run can be repeated on the same corpus.
for input in $(ls "$CORPUS" | sort | awk 'BEGIN{srand(16)} {print rand() "\t" $0}' | sort | cut -f2); do
  [ "$accepted" -ge "$N" ] && break
  file=$CORPUS/$input
  selector=$(head -c1 "$file" | od -An -tu1 | tr -d ' ')
  [ -n "$selector" ] || { skipped=$((skipped + 1)); continue; }
  if [ $((selector % 2)) -eq 0 ]; then api=stalwart; else api=salesforce; fi
  dir=$WORK/$input
  mkdir -p "$dir/schema/$api"
  cp "schema/$api/api.yaml" "$dir/schema/$api/api.yaml"
  tail -c +2 "$file" >"$dir/schema/$api/task.yaml"
  if ! "$XTASK" generate --schema "$dir/schema" --out "$dir/out" --crate-name "sample-models" >"$dir/generate.log" 2>&1; then
    refused=$((refused + 1))
    rm -rf "$dir"
    continue
  fi
  accepted=$((accepted + 1))
  echo "[$accepted/$N] $input ($api)"
  if ! CARGO_TARGET_DIR=$ROOT/target/out-anywhere RUSTFLAGS="-D warnings" \
      cargo check --quiet --manifest-path "$dir/out/Cargo.toml" >"$dir/check.log" 2>&1; then
    echo "FAILED: the schema $dir/schema/$api/task.yaml (from $file) was accepted and its crate does not build:" >&2
    cat "$dir/check.log" >&2
    exit 1
  fi
  rm -rf "$dir"
done
rm -rf "$WORK"
echo "compiled $accepted accepted schema(s); $refused refused by generate, $skipped empty"
[ "$accepted" -gt 0 ]
