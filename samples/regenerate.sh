#!/usr/bin/env bash
# Regenerates every sample capture and manifest from samples/scenarios/ with the given msrt binary.
# Usage: samples/regenerate.sh MSRT [OUTDIR]   (OUTDIR defaults to samples/ itself)
# The output is deterministic: tests/synth/regenerate_test.sh checks it matches the checked-in files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
msrt="${1:?usage: regenerate.sh MSRT [OUTDIR]}"
out="${2:-$here}"
mkdir -p "$out"

# capture file name <- scenario; two samples are classic pcap so that both writers stay covered
samples=(
    basic.pcapng
    nack-reasons.pcapng
    refresh-scopes.pcapng
    withdrawals.pcapng
    session-loss.pcapng
    ipv6-transport.pcapng
    vlan.pcap
    segmentation.pcapng
    retransmission-reordering.pcapng
    capture-loss.pcapng
    mid-stream.pcap
    rloc-membership.pcapng
    ietf-profile.pcapng
    mixed.pcapng
)
for capture in "${samples[@]}"; do
    "$msrt" synth --quiet -s "$here/scenarios/${capture%.*}.scn" -o "$out/$capture"
done
