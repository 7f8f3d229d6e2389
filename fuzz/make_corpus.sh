#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets into OUTDIR/<target-without-fuzz_>/ (default build-fuzz/corpus):
# from the bundled samples (samples/*.pcap*), the public captures (tests/data/public_captures/*.pcap) and the byte
# examples of the spec (../shared/spec/msrt-spec.md; in a clone without it, as tests/protocol/examples_test.cpp
# holds them). Needs python3 and tshark (TCP/UDP payload extraction).
# Usage: fuzz/make_corpus.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${1:-$root/build-fuzz/corpus}
shared=${MSRT_SHARED_DIR:-$root/../shared}

captures=()
for f in "$root"/samples/*.pcap "$root"/samples/*.pcapng "$root"/tests/data/public_captures/*.pcap; do
    [ -f "$f" ] && captures+=("$f")
done
rm -rf "$out"
mkdir -p "$out"
exec python3 "$here/corpus.py" --out "$out" --spec "$shared/spec/msrt-spec.md" \
    --examples-test "$root/tests/protocol/examples_test.cpp" "${captures[@]}"
