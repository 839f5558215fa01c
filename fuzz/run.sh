#!/usr/bin/env bash
# Fuzz the importer: seeds are the import fixtures (each with a first byte for its file name).
# Usage: fuzz/run.sh [seconds]   (needs: rustup toolchain install nightly; cargo install cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
mkdir -p corpus/import
i=0
for f in ../tests/fixtures/import/*.{xlsx,xls,ods,csv,txt} ../tests/fixtures/import/broken/* ../tests/fixtures/templates/*.xls*; do
  [ -f "$f" ] || continue
  [ "$(stat -c %s "$f")" -lt 200000 ] || continue
  case "$f" in *.xlsx) p='\x00';; *.xls) p='\x01';; *.ods) p='\x02';; *.csv) p='\x03';; *) p='\x04';; esac
  { printf "$p"; cat "$f"; } > "corpus/import/seed-$i"
  i=$((i + 1))
done
cargo +nightly fuzz run import corpus/import -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144
