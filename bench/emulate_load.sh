#!/usr/bin/env bash
# Load benchmark of the live Map-Server (issue #6), on loopback only: N concurrent ETR sessions (one
# `msrt emulate etr --instances N` process) register M prefixes each. Prints registrations per second, the
# answer latency (p50, p99, max, measured by the ETRs), the Map-Server's CPU time and peak memory, and checks
# that nothing was lost: every Registration answered, and the Map-Server's final table holds every prefix.
# Usage: bench/emulate_load.sh [MSRT] [INSTANCES] [PREFIXES] [SPREAD_SECONDS]
#   defaults: build/pcaptools/msrt, 1000 ETRs, 100 prefixes each (100k in total), started over 1 s
# Exit status: 0 when every registration was answered and registered, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
msrt=$(realpath "${1:-build/pcaptools/msrt}")
instances=${2:-1000}
prefixes=${3:-100}
spread=${4:-1}
dir=$(mktemp -d "${TMPDIR:-/tmp}/msrt-emulate-bench.XXXXXX")
ms_pid=
cleanup() {
    [ -n "$ms_pid" ] && kill "$ms_pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
live=tests/emulation/live

# Each ETR holds a UDP socket and a TCP connection; the Map-Server one TCP connection per ETR.
need=$((2 * instances + 64))
[ "$(ulimit -n)" -ge "$need" ] || ulimit -n "$need" || {
    echo "emulate_load.sh: need $need file descriptors (ulimit -n)" >&2
    exit 2
}

/usr/bin/time -f "%U %S %M" -o "$dir/ms.time" "$msrt" emulate ms --listen 127.0.0.1:0 \
    --policy "$live/ietf-policy.txt" --quiet --state-out "$dir/ms.json" >/dev/null 2>"$dir/ms.err" &
ms_pid=$!
for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/ms.err")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "emulate_load.sh: the Map-Server did not start:" >&2; cat "$dir/ms.err" >&2; exit 2; }

status=0
"$msrt" emulate etr --connect "127.0.0.1:$port" --config "$live/load-etr.txt" --instances "$instances" \
    --prefixes "$prefixes" --spread "$spread" --quiet --exit-when-settled --duration 300 \
    >/dev/null 2>"$dir/etr.err" || status=$?
# /usr/bin/time is the child of this shell: signal the Map-Server itself, then wait for time to report.
pkill -TERM -P "$ms_pid" || true
wait "$ms_pid" || true
ms_pid=

summary=$(grep '^registrations:' "$dir/etr.err" || true)
[ -n "$summary" ] || { echo "emulate_load.sh: no summary from the ETRs:" >&2; tail -20 "$dir/etr.err" >&2; exit 1; }
echo "$instances ETR sessions x $prefixes prefixes on loopback (spread over ${spread} s)"
echo "ETR side: $summary"
read -r user sys rss <"$dir/ms.time"
python3 - "$dir/ms.json" "$((instances * prefixes))" "$user" "$sys" "$rss" "$status" <<'EOF'
import collections, json, sys
state, want, user, sys_t, rss, status = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:6]), int(sys.argv[6])
rows = json.load(open(state))["registrations"]
statuses = collections.Counter(r["status"] for r in rows)
print(f"Map-Server: {statuses['registered']} of {want} prefixes registered in its final table "
      f"({dict(statuses)}); CPU {user + sys_t:.2f} s (user {user:.2f}, system {sys_t:.2f}); peak RSS {rss / 1024:.1f} MB")
ok = status == 0 and statuses["registered"] == want and len(rows) == want
print("nothing lost" if ok else f"LOST: ETR exit {status}, {want - statuses['registered']} prefixes not registered")
sys.exit(0 if ok else 1)
EOF
