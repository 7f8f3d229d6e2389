#!/usr/bin/env bash
# One entry point for people and CI. Usage: ./dev.sh demo | test | build | deps
#   demo  install what is needed, build, and decode a bundled sample (the README's first command)
#   test  install what is needed, build, and run every test (the README's second command; .ci/run)
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
PACKAGES=(build-essential cmake pkg-config libglib2.0-dev libpcap-dev libwireshark-dev tshark
          catch2 tcpdump openssl python3 clang-format)

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

case "${1:-}" in
    deps) deps ;;
    build) deps; shift; build "$@" ;;
    demo)
        deps
        build
        "$BUILD_DIR"/pcaptools/msrt decode samples/basic.pcapng
        ;;
    test)
        deps
        build
        cd "$BUILD_DIR"
        ctest --output-on-failure -j "$JOBS"
        ;;
    *)
        sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
