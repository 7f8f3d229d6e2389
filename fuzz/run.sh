#!/usr/bin/env bash
# Runs one libFuzzer target for a while and prints its figures.
# Usage: fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#   TARGET   decode_message | framer | map_register | tcp_sessions | capture (the fuzz_ prefix is optional)
# Builds (clang, MSRT_FUZZ) into $BUILD_FUZZ (default build-fuzz) when needed, seeds from fuzz/make_corpus.sh.
# New inputs go to $BUILD_FUZZ/work/TARGET, crashes to $BUILD_FUZZ/artifacts/TARGET, the log to
# $BUILD_FUZZ/logs/TARGET.log. Exit status: 0 clean, 1 a crash or oracle failure (the reproducer is named),
# 2 usage or build problem.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
target=${1#fuzz_}
seconds=$2
shift 2
build=${BUILD_FUZZ:-build-fuzz}

case "$target" in
    decode_message | map_register) max_len=2048 ;;
    framer) max_len=8192 ;;
    tcp_sessions) max_len=16384 ;;
    capture) max_len=65536 ;;
    *) echo "run.sh: unknown target $target" >&2; exit 2 ;;
esac

if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSRT_FUZZ=ON \
        -DMSRT_BUILD_PLUGIN=OFF -DMSRT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j "${JOBS:-2}" --target "fuzz_$target" >/dev/null
[ -d "$build/corpus/$target" ] || fuzz/make_corpus.sh "$build/corpus" >/dev/null

work="$build/work/$target"
artifacts="$build/artifacts/$target"
log="$build/logs/$target.log"
mkdir -p "$work" "$artifacts" "$(dirname "$log")"
status=0
# -timeout: one input taking this long is a hang (reported like a crash). The seed folders (the generated
# corpus and the committed crash reproducers) come after the work folder, so they are only read: everything new
# lands in the work folder.
seeds=("$build/corpus/$target")
[ -d "fuzz/regressions/$target" ] && seeds+=("fuzz/regressions/$target")
"$build/fuzz/fuzz_$target" "$work" "${seeds[@]}" -max_total_time="$seconds" -max_len="$max_len" \
    -timeout=10 -rss_limit_mb=2048 -dict=fuzz/msrt.dict -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$@" >"$log" 2>&1 || status=$?

# The figures: executions, coverage (edges, features), corpus size, crashes.
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
crashes=$(find "$artifacts" -type f | wc -l)
echo "fuzz_$target: ${seconds}s execs=${execs:-?} cov=${cov:-?} ft=${ft:-?} corpus=${corp:-?} crashes=$crashes exit=$status"
if [ "$status" -ne 0 ]; then
    grep -E 'ERROR|oracle failed|SUMMARY|Test unit written' "$log" | head -5 >&2
    exit 1
fi
