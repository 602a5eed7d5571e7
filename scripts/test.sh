#!/usr/bin/env bash
# Command 2: install what is missing, build, and run the whole test suite:
#   scripts/test.sh             the suite (ctest) in a Release build (build/), again built with
#                               ASan + UBSan (build-asan/), then every fuzz target for 15 s
#                               (scripts/fuzz.sh, clang): what CI runs
#   scripts/test.sh --quick     the Release suite only
#   scripts/test.sh --sanitize  the ASan + UBSan suite only
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in
    "" | --quick | --sanitize) ;;
    *) echo "usage: scripts/test.sh [--quick | --sanitize]" >&2; exit 2 ;;
esac
# The browser test (tests/browser/) drives Debian's Chromium.
scripts/install-deps.sh chromium chromium-driver python3-selenium
if [[ $mode != --sanitize ]]; then
    scripts/build.sh -DFTS_BUILD_TESTS=ON
    (cd build && ctest --output-on-failure -j"$(nproc)")
fi
if [[ $mode != --quick ]]; then
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFTS_SANITIZE=ON -DFTS_BUILD_TESTS=ON >/dev/null
    cmake --build build-asan -j"$(nproc)"
    # A sanitizer report (leaks included) aborts the process, and so fails its test.
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        LSAN_OPTIONS=suppressions="$PWD/../tests/sanitizer/lsan.supp":print_suppressions=0 \
        ctest --output-on-failure -j"$(nproc)")
fi
if [[ -z $mode ]]; then
    scripts/fuzz.sh 15
fi
