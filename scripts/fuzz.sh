#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build-fuzz/ and runs
# each for SECONDS (default 60), starting from its seed corpus in
# tests/fuzz/corpus/TARGET/ (new inputs go to build-fuzz/corpus/TARGET/, the
# seeds stay as they are). Prints the executions per target; an input that
# crashes is saved as build-fuzz/crashes/TARGET-*; exits 1 if any target crashed.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(query analyzer reader passages snippet)
scripts/install-deps.sh clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFTS_BUILD_FUZZ=ON -DFTS_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
mkdir -p build-fuzz/crashes
failed=0
for t in "${targets[@]}"; do
    mkdir -p "build-fuzz/corpus/$t"
    log="build-fuzz/fuzz-$t.log"
    if "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="build-fuzz/crashes/$t-" "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
        status=ok
    else
        status=CRASHED
        failed=1
    fi
    runs=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo "?")
    printf 'fuzz %-9s %s: %s executions in %s s (log: %s)\n' "$t" "$status" "$runs" "$seconds" "$log"
    [[ $status == ok ]] || grep -E 'ERROR|broken promise|Test unit written' "$log" | head -5
done
exit $failed
