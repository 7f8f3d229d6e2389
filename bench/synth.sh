#!/usr/bin/env bash
# Write speed and peak memory of `msrt synth` on a big capture (about 1.3 GB by default), then deletes it.
# Usage: bench/synth.sh [MSRT] [SESSIONS] [PREFIXES] [FORMAT]
#   defaults: build/pcaptools/msrt, 2000 sessions, 2000 prefixes each, pcap
# Prints the capture size, wall-clock and CPU write speed (MB = 10^6 octets) and the peak resident set.
# On a loaded machine the wall-clock speed drops; the CPU speed (octets per second of user+system time)
# is the generator's own cost.
set -euo pipefail
cd "$(dirname "$0")/.."
msrt="${1:-build/pcaptools/msrt}"
sessions="${2:-2000}"
prefixes="${3:-2000}"
format="${4:-pcap}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/msrt-synth-bench.XXXXXX")"
trap 'rm -rf "$dir"' EXIT

/usr/bin/time -v "$msrt" synth --quiet --sessions "$sessions" --prefixes "$prefixes" --detail counts \
    -o "$dir/bench.$format" 2> "$dir/time.txt"
size="$(stat -c %s "$dir/bench.$format")"
manifest="$(stat -c %s "$dir/bench.manifest.json")"
awk -v size="$size" -v manifest="$manifest" -v sessions="$sessions" -v prefixes="$prefixes" '
    /User time/ { user = $NF }
    /System time/ { sys = $NF }
    /Maximum resident set size/ { rss = $NF }
    /Elapsed \(wall clock\)/ {
        n = split($NF, t, ":"); wall = 0
        for (i = 1; i <= n; i++) wall = wall * 60 + t[i]
    }
    END {
        mb = size / 1e6
        printf "msrt synth --sessions %d --prefixes %d: %.1f MB capture, %.1f kB manifest\n", sessions, prefixes, mb, manifest / 1e3
        printf "wall  %6.2f s  %7.1f MB/s\n", wall, mb / wall
        printf "cpu   %6.2f s  %7.1f MB/s (user %.2f s, system %.2f s)\n", user + sys, mb / (user + sys), user, sys
        printf "peak RSS %.1f MB\n", rss / 1024
    }' "$dir/time.txt"
