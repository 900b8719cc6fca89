#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 300 s each), with cargo-fuzz and
# libFuzzer. Not part of CI. On a stable toolchain, RUSTC_BOOTSTRAP lets cargo-fuzz use the
# sanitizer flags it needs.
#   cargo install cargo-fuzz
#   tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-300}"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/actorgraph/fuzz-target}"
for target in param dates names batch sparql_guards xml_entities; do
  echo "== $target: ${seconds} s"
  cargo fuzz run --fuzz-dir . "$target" -- -max_total_time="$seconds" -max_len=4096 2>&1 | tail -n 4
done
