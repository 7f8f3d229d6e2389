#!/usr/bin/env bash
# One entry point for people and CI. Usage: ./dev.sh demo | test | build | deps
#   demo  install what is needed, build, and show a bundled sample in tshark with the plugin and in msrt sessions
#   test  install what is needed, build, and run every test (the README's second command; .ci/run); then the
#         suite again under ASan+UBSan (build-asan) and a short fuzz smoke (build-fuzz, 60 s per target)
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
PACKAGES=(build-essential cmake pkg-config libglib2.0-dev libpcap-dev libwireshark-dev tshark
          catch2 tcpdump openssl python3 clang-format clang libclang-rt-14-dev time util-linux)

deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "dev.sh: missing Debian packages (${missing[*]}); run as root or install them" >&2
        exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$BUILD_DIR" -j "$JOBS"
}

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer, in its own build folder. The
# plugin is left out: a sanitized plugin cannot load into Debian's unsanitized tshark.
sanitized_tests() {
    local dir=${ASAN_BUILD_DIR:-build-asan}
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSRT_SANITIZE=ON -DMSRT_BUILD_PLUGIN=OFF >/dev/null
    cmake --build "$dir" -j "$JOBS"
    (cd "$dir" && ctest --output-on-failure -j "$JOBS")
}

# Every libFuzzer target for a short while (clang build in build-fuzz): FUZZ_SMOKE_SECONDS=0 skips it.
fuzz_smoke() {
    local seconds=${FUZZ_SMOKE_SECONDS:-60}
    [ "$seconds" -gt 0 ] || return 0
    BUILD_FUZZ=${FUZZ_BUILD_DIR:-build-fuzz} JOBS=$JOBS fuzz/smoke.sh "$seconds"
}

case "${1:-}" in
    deps) deps ;;
    build) deps; shift; build "$@" ;;
    demo)
        deps
        build
        echo "== tshark with the lisp-msrt plugin: each message, paired with its answer"
        BUILD_DIR=$BUILD_DIR plugin/tshark.sh -r samples/nack-reasons.pcapng -2 -Y lisp-msrt.type
        echo "== tshark -z lisp-msrt,state: the final registration table per session"
        BUILD_DIR=$BUILD_DIR plugin/tshark.sh -r samples/nack-reasons.pcapng -q -z lisp-msrt,state
        echo "== msrt sessions: the same table rebuilt offline, with the session's story"
        "$BUILD_DIR"/pcaptools/msrt sessions samples/nack-reasons.pcapng || [ $? -eq 1 ]
        ;;
    test)
        deps
        build
        (cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS")
        sanitized_tests
        fuzz_smoke
        ;;
    *)
        sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
