#!/usr/bin/env bash
# Kills the indexer (SIGKILL) at seeded random moments of full and incremental
# runs over a few thousand articles. After every kill the database must open
# and answer; the next run must reach the state an uninterrupted run reaches.
# Usage: kill_test.sh INDEXER SEARCHER
set -u
indexer=$1 searcher=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 2
RANDOM=20261201  # seeded: the same kill moments every run
fail() { echo "FAIL: $*"; exit 1; }

mkdir corpus
for i in $(seq 1 3000); do
    printf 'Report %d\n\nSanctions on coal, item %d. The port of Rajin reopened; trade with Vladivostok grew by %d tonnes.\n\nA second paragraph about the railway and ferry %d.\n' \
        "$i" "$i" "$((i * 37 % 1000))" "$((i % 17))" > "corpus/a$i.txt"
done
queries=('sanctions' 'Rajin-Hasan' '"port of Rajin"' 'ferry 7' 'railway NOT coal' 'tonnes')
answers() {  # the answers of database $1, without timings
    for q in "${queries[@]}"; do "$searcher" --db "$1" --color never -n 20 -- "$q" 2>&1; echo "exit $?"; done
}
check_open() {  # after a kill: the database opens and answers (0 or 1 hits, never an error)
    [[ -d "$1" ]] || return 0
    "$searcher" --db "$1" --color never sanctions >/dev/null 2>"$scratch/err"
    local code=$?
    [[ $code -le 1 ]] || fail "after kill $2 the database does not open: $(cat "$scratch/err")"
}
kill_runs() {  # $1 kills of `indexer --db $2 corpus`, each after a random delay of up to $3 ms
    for k in $(seq 1 "$1"); do
        "$indexer" -q --db "$2" corpus 2>/dev/null &
        local pid=$!
        sleep "$(printf '0.%03d' $((RANDOM % $3)))"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        check_open "$2" "$k"
    done
}

# Reference: uninterrupted runs.
"$indexer" -q --db ref corpus || fail "reference index"
answers ref > ref.out

# Full runs killed (built aside: the target is empty or absent until the swap).
kill_runs 10 killed 900
"$indexer" -q --db killed corpus 2>/dev/null; [[ $? -le 1 ]] || fail "run after kills"
answers killed > killed.out
diff -u ref.out killed.out >/dev/null || fail "full runs: state after kills differs from an uninterrupted run"

# Incremental runs killed: change, add and remove files.
for i in $(seq 1 3000 | awk 'NR % 5 == 0'); do printf 'Report %d revised\n\nFerry services resumed, tonnes %d.\n' "$i" "$i" > "corpus/a$i.txt"; done
for i in $(seq 3001 3400); do printf 'New %d\n\nSanctions item %d.\n' "$i" "$i" > "corpus/a$i.txt"; done
rm corpus/a1*.txt
"$indexer" -q --db ref corpus || fail "reference re-index"
answers ref > ref2.out
kill_runs 10 killed 700
"$indexer" -q --db killed corpus 2>/dev/null; [[ $? -le 1 ]] || fail "incremental run after kills"
answers killed > killed2.out
diff -u ref2.out killed2.out || fail "incremental runs: state after kills differs from an uninterrupted run"
echo "kill test: 20 kills, both states reached"
