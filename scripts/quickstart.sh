#!/usr/bin/env bash
# Command 1: install what is missing, build, index corpus/ and run an example search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DFTS_BUILD_TESTS=OFF
build/indexer/indexer --db xapian-db corpus
echo
echo '$ build/searcher/searcher --db xapian-db Rajin-Hasan'
build/searcher/searcher --db xapian-db Rajin-Hasan
echo '$ build/searcher/searcher --db xapian-db -n 2 "\"six party talks\""'
build/searcher/searcher --db xapian-db -n 2 '"six party talks"'
