#!/usr/bin/env bash
# Command 2: install what is missing, build, and run the whole test suite (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DFTS_BUILD_TESTS=ON
cd build
ctest --output-on-failure -j"$(nproc)"
