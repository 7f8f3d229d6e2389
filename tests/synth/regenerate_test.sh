#!/usr/bin/env bash
# The checked-in samples are exactly what the generator makes: regenerate them all into a temporary
# directory and compare byte for byte. Also: every sample is under 100 KB and has a line in the README.
# Usage: regenerate_test.sh MSRT SAMPLES_DIR
set -euo pipefail
msrt="$1"
samples="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$samples/regenerate.sh" "$msrt" "$tmp"
status=0
for f in "$tmp"/*; do
    name="$(basename "$f")"
    if ! cmp -s "$f" "$samples/$name"; then
        echo "differs from the checked-in file: $name"
        status=1
    fi
done
for f in "$samples"/*.pcap "$samples"/*.pcapng "$samples"/*.manifest.json; do
    name="$(basename "$f")"
    [ -e "$tmp/$name" ] || { echo "checked in but not generated: $name"; status=1; }
done
for f in "$samples"/*.pcap "$samples"/*.pcapng; do
    size="$(stat -c %s "$f")"
    [ "$size" -lt 102400 ] || { echo "over 100 KB: $(basename "$f") ($size octets)"; status=1; }
    grep -q "$(basename "$f")" "$samples/README.md" || { echo "no line in samples/README.md: $(basename "$f")"; status=1; }
done
[ "$status" -eq 0 ] && echo "all $(ls "$tmp" | wc -l) files identical"
exit "$status"
