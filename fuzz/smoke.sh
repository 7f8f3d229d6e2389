#!/usr/bin/env bash
# The CI fuzz smoke (issue #7): every fuzz target for SECONDS (default 60), two at a time on a machine with two
# or more cores. Fails when any target finds a crash, a hang or an oracle failure; the reproducer is named in
# the output and lands in $BUILD_FUZZ/artifacts/TARGET.
# Usage: fuzz/smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ "$seconds" -gt 0 ] || { echo "smoke.sh: SECONDS must be positive (libFuzzer reads 0 as no limit)" >&2; exit 2; }
build=${BUILD_FUZZ:-build-fuzz}
targets=(decode_message framer map_register tcp_sessions capture)

if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSRT_FUZZ=ON \
        -DMSRT_BUILD_PLUGIN=OFF -DMSRT_BUILD_TESTS=OFF >/dev/null
fi
# One build for all targets first, so that the parallel runs below do not race to build the same libraries.
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target "${targets[@]/#/fuzz_}"
fuzz/make_corpus.sh "$build/corpus"

parallel=$(( $(nproc) >= 2 ? 2 : 1 ))
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} fuzz/run.sh {} "$seconds"
