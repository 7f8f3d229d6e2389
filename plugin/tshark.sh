#!/usr/bin/env bash
# plugin/tshark.sh [TSHARK ARGS...]: runs tshark with the freshly built lisp-msrt plugin, without installing it.
# The plugin (from ${BUILD_DIR:-build}) goes into a temporary HOME laid out as Wireshark's personal plugin folder.
# tshark run by root loads no personal plugins, so as root it runs as nobody (capture files must then be
# readable by everyone; the ones given with -r are copied for it).
#   plugin/tshark.sh -r samples/basic.pcapng -2 -Y lisp-msrt
#   plugin/tshark.sh -r samples/basic.pcapng -q -z lisp-msrt,state
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
so="${BUILD_DIR:-$root/build}/plugin/lisp-msrt.so"
[ -e "$so" ] || { echo "plugin/tshark.sh: $so not built (cmake --build build)" >&2; exit 2; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/.local/lib/wireshark/plugins/4.0/epan"
cp "$so" "$home/.local/lib/wireshark/plugins/4.0/epan/"
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        -r)
            [ $# -ge 2 ] || { echo "plugin/tshark.sh: -r needs a capture file" >&2; exit 2; }
            # -r, not -f: a pipe (`-r <(zcat x.pcap.gz)`) is copied like a file.
            [ -r "$2" ] && [ ! -d "$2" ] || { echo "plugin/tshark.sh: cannot read capture $2" >&2; exit 2; }
            cp "$2" "$home/$(basename "$2")"
            args+=(-r "$home/$(basename "$2")")
            shift 2
            ;;
        *) args+=("$1"); shift ;;
    esac
done
chmod -R a+rX "$home"
# tshark is not exec'd: the EXIT trap removes the temporary HOME and its copies of the captures (with exec
# they stayed in /tmp, as large as the captures). Its exit status is the script's.
status=0
if [ "$(id -u)" -eq 0 ]; then
    cd "$home"
    setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$home" tshark "${args[@]}" || status=$?
else
    HOME="$home" tshark "${args[@]}" || status=$?
fi
exit "$status"
