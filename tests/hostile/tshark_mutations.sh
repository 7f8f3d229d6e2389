#!/usr/bin/env bash
# tshark with the plugin over COUNT mutated captures (issue #7): 1000 for a local run, 100 in CI (ctest).
# Usage: tests/hostile/tshark_mutations.sh COUNT [BUILD_DIR]
#   BUILD_DIR (default build) holds the plugin (plugin/lisp-msrt.so) and, when built, hostile_captures.
# Inputs: samples/*, tests/data/public_captures/*, the plugin tests' captures (tests/plugin/make_captures.py), and
# small hostile captures. Exit status 0 when every variant passed.
set -euo pipefail
count=${1:?usage: tshark_mutations.sh COUNT [BUILD_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "${2:-$src/build}" && pwd)
plugin=$(find "$build/plugin" -name 'lisp-msrt*.so' -print -quit 2>/dev/null || true)
[ -n "$plugin" ] || { echo "tshark_mutations: no plugin built under $build/plugin" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
python3 "$src/tests/plugin/make_captures.py" "$work/plugin-captures" >/dev/null
inputs=("$work"/plugin-captures/*.pcap)
shopt -s nullglob
inputs+=("$src"/samples/*.pcapng "$src"/samples/*.pcap "$src"/tests/data/public_captures/*.pcap)
hostile="$build/tests/hostile/hostile_captures"
if [ -x "$hostile" ]; then
    "$hostile" huge-header "$work/huge-header.pcap" 4 >/dev/null
    "$hostile" retransmissions "$work/retransmissions.pcap" 2000 >/dev/null
    "$hostile" concurrent "$work/concurrent.pcap" 20 >/dev/null
    "$hostile" syn-flood "$work/syn-flood.pcap" 50 >/dev/null
    inputs+=("$work"/huge-header.pcap "$work"/retransmissions.pcap "$work"/concurrent.pcap "$work"/syn-flood.pcap)
fi
chmod -R a+rX "$work"
python3 "$here/tshark_mutations.py" "$plugin" "$count" "${inputs[@]}"
