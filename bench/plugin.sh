#!/usr/bin/env bash
# bench/plugin.sh [BUILD_DIR]: the lisp-msrt plugin against Wireshark's built-in lisp-tcp, on the same capture
# in the same run: `tshark -T fields` over a capture of at least 100 MB from `msrt synth`, a few rounds
# alternating the two, and the ratio of the medians (lisp-msrt / lisp-tcp). Target: at most 1.10.
#
# Both runs load the plugin; the lisp-tcp run gives ports back to the built-ins (-d tcp.port==4342,lisp-tcp,
# -d udp.port==4342,lisp) and disables lisp-msrt. Both print type, length and Message ID of every message.
# CPU time (user + system) is the primary figure: on a shared machine wall time also measures the neighbours.
# Environment: BENCH_SESSIONS (default 22000, ~108 MB), BENCH_PREFIXES (9), BENCH_ROUNDS (3).
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
msrt="$build/pcaptools/msrt"
plugin="$build/plugin/lisp-msrt.so"
sessions=${BENCH_SESSIONS:-22000}
prefixes=${BENCH_PREFIXES:-9}
rounds=${BENCH_ROUNDS:-3}
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
run() {  # run NAME ARGS...: prints "wall cpu" in seconds
    local name=$1
    shift
    local t="$work/$name.time"
    /usr/bin/time -f "%e %U %S" -o "$t" "${as_user[@]}" env -i HOME="$home" PATH=/usr/bin:/bin \
        tshark -n -r "$capture" -T fields "$@" > "$work/$name.out"
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$t"
}
msrt_args=(-e frame.number -e lisp-msrt.type -e lisp-msrt.length -e lisp-msrt.id)
tcp_args=(-d tcp.port==4342,lisp-tcp -d udp.port==4342,lisp --disable-protocol lisp-msrt
          -e frame.number -e lisp-tcp.message.type -e lisp-tcp.message.length -e lisp-tcp.message.id)

: > "$work/msrt.times"
: > "$work/tcp.times"
for i in $(seq "$rounds"); do
    m=$(run msrt "${msrt_args[@]}")
    t=$(run tcp "${tcp_args[@]}")
    echo "round $i: lisp-msrt wall/cpu $m s, lisp-tcp wall/cpu $t s"
    echo "$m" >> "$work/msrt.times"
    echo "$t" >> "$work/tcp.times"
done
# Both decoded the same messages: the same (type, length, ID) lists frame by frame.
if ! cmp -s <(cut -f2- "$work/msrt.out") <(cut -f2- "$work/tcp.out"); then
    echo "bench/plugin.sh: lisp-msrt and lisp-tcp disagree on the messages" >&2
    exit 1
fi
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mw=$(cut -d' ' -f1 "$work/msrt.times" | median); mc=$(cut -d' ' -f2 "$work/msrt.times" | median)
tw=$(cut -d' ' -f1 "$work/tcp.times" | median); tc=$(cut -d' ' -f2 "$work/tcp.times" | median)
messages=$(cut -f2 "$work/msrt.out" | tr ',' '\n' | grep -c .)
echo "messages: $messages in $(wc -l < "$work/msrt.out") frames"
awk -v mc="$mc" -v tc="$tc" -v mw="$mw" -v tw="$tw" 'BEGIN {
    printf "median CPU:  lisp-msrt %.2f s, lisp-tcp %.2f s, ratio %.3f (target <= 1.10)\n", mc, tc, mc / tc
    printf "median wall: lisp-msrt %.2f s, lisp-tcp %.2f s, ratio %.3f\n", mw, tw, mw / tw
}'
