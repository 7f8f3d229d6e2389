#!/usr/bin/env bash
# bench/plugin.sh [BUILD_DIR]: the lisp-msrt plugin against Wireshark's built-in lisp-tcp, on the same capture
# in the same run: `tshark -T fields` over a capture of at least 100 MB from `msrt synth`, a few rounds
# alternating the two, and the ratio of the medians (lisp-msrt / lisp-tcp). Target: at most 1.10.
#
# Both runs load the plugin; the lisp-tcp run gives ports back to the built-ins (-d tcp.port==4342,lisp-tcp,
# -d udp.port==4342,lisp) and disables lisp-msrt. Both print type, length and Message ID of every message.
# CPU time (user + system) is the primary figure, and of each side's rounds the fastest: on a shared machine wall
# time also measures the neighbours, and interference only ever adds time. Medians are printed too, and each
# side's peak memory (maximum resident set): the plugin's extra time follows its extra memory more than its
# instructions.
# Environment: BENCH_SESSIONS (default 22000, ~101 MB), BENCH_PREFIXES (9), BENCH_ROUNDS (5).
# BENCH_CALLGRIND=1 (needs valgrind) also counts the instructions of both on a 2000-session capture, start-up
# subtracted: a figure that load on the machine cannot move.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
msrt="$build/pcaptools/msrt"
plugin="$build/plugin/lisp-msrt.so"
sessions=${BENCH_SESSIONS:-22000}
prefixes=${BENCH_PREFIXES:-9}
rounds=${BENCH_ROUNDS:-5}
for f in "$msrt" "$plugin"; do [ -e "$f" ] || { echo "bench/plugin.sh: $f not built" >&2; exit 2; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
home="$work/home"
mkdir -p "$home/.local/lib/wireshark/plugins/4.0/epan"
cp "$plugin" "$home/.local/lib/wireshark/plugins/4.0/epan/lisp-msrt.so"
chmod -R a+rX "$home"

capture="$work/bench.pcapng"
"$msrt" synth -q -o "$capture" --no-manifest --sessions "$sessions" --prefixes "$prefixes"
chmod 644 "$capture"
size=$(stat -c %s "$capture")
echo "capture: $((size / 1000000)) MB, $sessions sessions x $prefixes prefixes (msrt synth)"
[ "$size" -ge 100000000 ] || echo "warning: capture below 100 MB; raise BENCH_SESSIONS" >&2

# tshark run by root loads no personal plugins: run it as nobody then.
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
run() {  # run NAME ARGS...: prints "wall cpu rss": seconds, seconds, peak MB
    local name=$1
    shift
    local t="$work/$name.time"
    /usr/bin/time -f "%e %U %S %M" -o "$t" "${as_user[@]}" env -i HOME="$home" PATH=/usr/bin:/bin \
        tshark -n -r "$capture" -T fields "$@" > "$work/$name.out"
    awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$t"
}
shown() {  # shown "WALL CPU RSS"
    local w c r
    read -r w c r <<< "$1"
    printf "wall %s s, cpu %s s, RSS %s MB" "$w" "$c" "$r"
}
msrt_args=(-e frame.number -e lisp-msrt.type -e lisp-msrt.length -e lisp-msrt.id)
tcp_args=(-d tcp.port==4342,lisp-tcp -d udp.port==4342,lisp --disable-protocol lisp-msrt
          -e frame.number -e lisp-tcp.message.type -e lisp-tcp.message.length -e lisp-tcp.message.id)

: > "$work/msrt.times"
: > "$work/tcp.times"
for i in $(seq "$rounds"); do
    m=$(run msrt "${msrt_args[@]}")
    t=$(run tcp "${tcp_args[@]}")
    echo "round $i: lisp-msrt $(shown "$m"), lisp-tcp $(shown "$t")"
    echo "$m" >> "$work/msrt.times"
    echo "$t" >> "$work/tcp.times"
done
# Both decoded the same messages: the same (type, length, ID) lists frame by frame.
if ! cmp -s <(cut -f2- "$work/msrt.out") <(cut -f2- "$work/tcp.out"); then
    echo "bench/plugin.sh: lisp-msrt and lisp-tcp disagree on the messages" >&2
    exit 1
fi
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
fastest() { sort -n | head -1; }
mc=$(cut -d' ' -f2 "$work/msrt.times" | fastest); tc=$(cut -d' ' -f2 "$work/tcp.times" | fastest)
mm=$(cut -d' ' -f2 "$work/msrt.times" | median); tm=$(cut -d' ' -f2 "$work/tcp.times" | median)
mw=$(cut -d' ' -f1 "$work/msrt.times" | median); tw=$(cut -d' ' -f1 "$work/tcp.times" | median)
mr=$(cut -d' ' -f3 "$work/msrt.times" | median); tr=$(cut -d' ' -f3 "$work/tcp.times" | median)
messages=$(cut -f2 "$work/msrt.out" | tr ',' '\n' | grep -c .)
echo "messages: $messages in $(wc -l < "$work/msrt.out") frames"
awk -v mc="$mc" -v tc="$tc" -v mm="$mm" -v tm="$tm" -v mw="$mw" -v tw="$tw" -v mr="$mr" -v tr="$tr" 'BEGIN {
    printf "median CPU:  lisp-msrt %.2f s, lisp-tcp %.2f s, ratio %.3f\n", mm, tm, mm / tm
    printf "median wall: lisp-msrt %.2f s, lisp-tcp %.2f s, ratio %.3f\n", mw, tw, mw / tw
    printf "fastest CPU: lisp-msrt %.2f s, lisp-tcp %.2f s, ratio %.3f (target <= 1.10)\n", mc, tc, mc / tc
    printf "peak RSS:    lisp-msrt %d MB, lisp-tcp %d MB (+%d MB)\n", mr, tr, mr - tr
}'

if [ "${BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind > /dev/null; then
    small="$work/small.pcapng"
    "$msrt" synth -q -o "$small" --no-manifest --sessions 2000 --prefixes "$prefixes"
    editcap -r "$small" "$work/one.pcapng" 1-1
    chmod 644 "$small" "$work/one.pcapng"
    count() {  # count CAPTURE ARGS...: instructions of one tshark run
        local cap=$1
        shift
        "${as_user[@]}" env -i HOME="$home" PATH=/usr/bin:/bin valgrind --tool=callgrind \
            --callgrind-out-file=/dev/null tshark -n -r "$cap" -T fields "$@" 2>&1 > /dev/null |
            awk '/Collected/ { print $4 }'
    }
    m=$(( $(count "$small" "${msrt_args[@]}") - $(count "$work/one.pcapng" "${msrt_args[@]}") ))
    t=$(( $(count "$small" "${tcp_args[@]}") - $(count "$work/one.pcapng" "${tcp_args[@]}") ))
    awk -v m="$m" -v t="$t" 'BEGIN { printf "instructions (2000 sessions, start-up subtracted): lisp-msrt %.0fM, lisp-tcp %.0fM, ratio %.3f\n", m / 1e6, t / 1e6, m / t }'
fi
