#!/usr/bin/env bash
# End-to-end tests: run the built indexer and searcher on a copy of
# tests/data/corpus and compare what they print (stdout, stderr, exit code)
# with tests/e2e/expected/NAME.out. With UPDATE=1, rewrite the expected files.
# Usage: run_e2e.sh INDEXER SEARCHER TESTS_DIR
set -u
indexer_bin=$1 searcher_bin=$2 tests_dir=$3
expected_dir="$tests_dir/e2e/expected"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$tests_dir/data/corpus" "$scratch/corpus"
cd "$scratch" || exit 2
export DB="$scratch/db"
indexer() { "$indexer_bin" "$@"; }
searcher() { "$searcher_bin" "$@"; }

# Scratch paths and timings differ between runs: mask them.
# The article id is a hash of the absolute path, which is the scratch folder's.
normalise() { sed -e "s|$scratch|SCRATCH|g" -e 's/; [0-9]*\.[0-9]* s$/; N.NN s/' -e 's/"id":"[0-9a-f]\{16\}"/"id":"ID"/g'; }

failures=0 passed=0
while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    if [[ "$line" == @* ]]; then
        eval "${line#@ }"
        continue
    fi
    name=$(echo "${line%%|*}" | tr -d ' ')
    args=${line#*|}
    eval "$args" >"$scratch/stdout" 2>"$scratch/stderr"
    code=$?
    actual=$({ cat "$scratch/stdout"; echo "--- stderr"; cat "$scratch/stderr"; echo "--- exit $code"; } | normalise)
    if [[ "${UPDATE:-0}" == 1 ]]; then
        printf '%s\n' "$actual" >"$expected_dir/$name.out"
        continue
    fi
    if [[ ! -f "$expected_dir/$name.out" ]]; then
        echo "FAIL $name: no expected file $expected_dir/$name.out"
        failures=$((failures + 1))
        continue
    fi
    if ! diff -u "$expected_dir/$name.out" <(printf '%s\n' "$actual") >"$scratch/diff"; then
        echo "FAIL $name:${args}"
        cat "$scratch/diff"
        failures=$((failures + 1))
    else
        passed=$((passed + 1))
    fi
done <"$tests_dir/e2e/cases.txt"
[[ "${UPDATE:-0}" == 1 ]] && { echo "expected files rewritten"; exit 0; }
echo "e2e: $passed passed, $failures failed"
[[ $failures -eq 0 ]]
