#!/usr/bin/env bash
# One plugin test against the real tshark: run.sh MODE PLUGIN_SO SOURCE_DIR BUILD_DIR
#   manifest  decoded fields, pairing, -z tables and expert errors equal the ground truth (check_manifest.py)
#   lisp-tcp  values equal the built-in lisp-tcp's on the common subset (compare_lisp_tcp.py)
#   fuzz      editcap -E 0.02 variants never crash tshark, never print "Dissector bug", never hang (fuzz.py)
#   install   `cmake --install` puts a plugin tshark loads into the personal plugin folder
#   state     msrt sessions and -z lisp-msrt,state give the same final tables (state_agreement.py)
set -euo pipefail
mode=$1 plugin=$2 src=$3 build=$4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

python3 "$here/make_captures.py" "$work/captures"
chmod -R a+rX "$work/captures"
captures=("$work"/captures/*.pcap)
shopt -s nullglob
for s in "$src"/samples/*.pcapng "$src"/samples/*.pcap; do
    [ -e "${s%.*}.manifest.json" ] && captures+=("$s")
done

# Not exec: the EXIT trap must still remove $work.
case "$mode" in
    manifest) python3 "$here/check_manifest.py" "$plugin" "${captures[@]}" ;;
    lisp-tcp) python3 "$here/compare_lisp_tcp.py" "$plugin" "${captures[@]}" ;;
    fuzz) python3 "$here/fuzz.py" "$plugin" "${captures[@]}" ;;
    install) python3 "$here/install_check.py" "$build" "${captures[0]}" ;;
    state) python3 "$here/state_agreement.py" "$build/pcaptools/msrt" "$plugin" "${captures[@]}" ;;
    *) echo "run.sh: unknown mode $mode" >&2; exit 2 ;;
esac
