#!/usr/bin/env bash
# Kills the indexer (SIGKILL) at seeded random moments of full and incremental
# runs over a few thousand articles. After every kill the database must pass
# xapian-check, answer, and hold exactly the state of a committed run (db_state:
# every article with its passages, terms, positions and text); the next run
# must reach the state an uninterrupted run reaches.
# Usage: kill_test.sh INDEXER SEARCHER DB_STATE
set -u
indexer=$1 searcher=$2 db_state=$3
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
check_state() {  # after kill $2 of database $1: it checks, answers, and is one of the states $3...
    local db=$1 k=$2
    shift 2
    [[ -d "$db" ]] || return 0
    xapian-check "$db" >"$scratch/check" 2>&1 || fail "after kill $k xapian-check fails: $(tail -3 "$scratch/check")"
    "$searcher" --db "$db" --color never sanctions >/dev/null 2>"$scratch/err"
    local code=$?
    [[ $code -le 1 ]] || fail "after kill $k the database does not open: $(cat "$scratch/err")"
    "$db_state" "$db" > "$scratch/state" || fail "after kill $k db_state fails"
    for allowed in "$@"; do cmp -s "$scratch/state" "$allowed" && return 0; done
    fail "after kill $k the database holds a state no committed run left: $(diff "$scratch/state" "$1" | head -5)"
}
kill_runs() {  # $1 kills of `indexer --db $2 corpus`, each after a random delay of up to $3 ms; then the allowed states
    local n=$1 db=$2 delay=$3
    shift 3
    for k in $(seq 1 "$n"); do
        "$indexer" -q --db "$db" corpus 2>/dev/null &
        local pid=$!
        sleep "$(printf '0.%03d' $((RANDOM % delay)))"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        check_state "$db" "$k" "$@"
    done
}
command -v xapian-check >/dev/null || fail "xapian-check not found (Debian package xapian-tools)"

# Reference: uninterrupted runs.
"$indexer" -q --db ref corpus || fail "reference index"
answers ref > ref.out
"$db_state" ref > ref.state
mkdir empty-corpus && "$indexer" -q --db empty empty-corpus && "$db_state" empty > empty.state

# Full runs killed (built aside: the target is empty or absent until the swap).
kill_runs 10 killed 900 empty.state ref.state
"$indexer" -q --db killed corpus 2>/dev/null; [[ $? -le 1 ]] || fail "run after kills"
answers killed > killed.out
diff -u ref.out killed.out >/dev/null || fail "full runs: answers after kills differ from an uninterrupted run"
"$db_state" killed | cmp -s - ref.state || fail "full runs: state after kills differs from an uninterrupted run"
[[ ! -e .killed.rebuild ]] || fail "full runs: the rebuild folder was left behind"

# Incremental runs killed: change, add and remove files.
for i in $(seq 1 3000 | awk 'NR % 5 == 0'); do printf 'Report %d revised\n\nFerry services resumed, tonnes %d.\n' "$i" "$i" > "corpus/a$i.txt"; done
for i in $(seq 3001 3400); do printf 'New %d\n\nSanctions item %d.\n' "$i" "$i" > "corpus/a$i.txt"; done
rm corpus/a1*.txt
"$indexer" -q --db ref corpus || fail "reference re-index"
answers ref > ref2.out
"$db_state" ref > ref2.state
kill_runs 10 killed 700 ref.state ref2.state
"$indexer" -q --db killed corpus 2>/dev/null; [[ $? -le 1 ]] || fail "incremental run after kills"
answers killed > killed2.out
diff -u ref2.out killed2.out || fail "incremental runs: answers after kills differ from an uninterrupted run"
"$db_state" killed | cmp -s - ref2.state || fail "incremental runs: state after kills differs from an uninterrupted run"
echo "kill test: 20 kills, each leaving a committed state that xapian-check passes; both final states reached"
