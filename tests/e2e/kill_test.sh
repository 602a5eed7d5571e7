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
# Seeded: the same kill moments (as fractions of a run's length) every time.
# An LCG in this shell ($RANDOM is reseeded in every subshell).
seed=20261201
next_fraction() {  # sets `fraction` to a whole number from 5 to 94 (percent)
    seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
    fraction=$(( 5 + (seed / 65536) % 90 ))
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
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
# Runs `indexer --db $1 corpus` and kills it (SIGKILL) after `fraction`
# percent of $2 ms; sets `killed_it` when the run was still going.
kill_one() {
    local db=$1 length=$2
    next_fraction
    "$indexer" -q --db "$db" corpus 2>/dev/null &
    local pid=$!
    local delay=$(( length * fraction / 100 ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [[ $? -eq 137 ]] && killed_it=1 || killed_it=0
}
command -v xapian-check >/dev/null || fail "xapian-check not found (Debian package xapian-tools)"

# Reference: uninterrupted runs, timed (kills land within a run's length).
start=$(now_ms)
"$indexer" -q --db ref corpus || fail "reference index"
full_ms=$(( $(now_ms) - start ))
answers ref > ref.out
"$db_state" ref > ref.state
cp -a ref ref1
mkdir empty-corpus && "$indexer" -q --db empty empty-corpus && "$db_state" empty > empty.state

kills_wanted=10 max_tries=40
# Full runs killed (built aside: the target is empty or absent until the swap).
# A run that finished before its kill is started again from nothing.
kills=0 tries=0
while (( kills < kills_wanted && tries < max_tries )); do
    tries=$((tries + 1))
    kill_one killed "$full_ms"
    check_state killed "$tries" empty.state ref.state
    # A run that beat its kill was faster than the reference (a busy machine
    # timed the reference slow): aim the next kills earlier.
    if (( killed_it )); then kills=$((kills + 1)); else rm -rf killed; full_ms=$((full_ms * 3 / 4)); fi
done
(( kills == kills_wanted )) || fail "full runs: only $kills of $tries kills stopped a running indexer (a run takes $full_ms ms)"
full_kills=$kills full_tries=$tries
"$indexer" -q --db killed corpus 2>/dev/null; [[ $? -le 1 ]] || fail "run after kills"
answers killed > killed.out
diff -u ref.out killed.out >/dev/null || fail "full runs: answers after kills differ from an uninterrupted run"
"$db_state" killed | cmp -s - ref.state || fail "full runs: state after kills differs from an uninterrupted run"
[[ ! -e .killed.rebuild ]] || fail "full runs: the rebuild folder was left behind"

# Incremental runs killed: change, add and remove files. Each run starts
# from the first committed state, so each kill interrupts the same update.
for i in $(seq 1 3000 | awk 'NR % 2 == 0'); do printf 'Report %d revised\n\nFerry services resumed, tonnes %d.\n' "$i" "$i" > "corpus/a$i.txt"; done
for i in $(seq 3001 3600); do printf 'New %d\n\nSanctions item %d.\n' "$i" "$i" > "corpus/a$i.txt"; done
rm corpus/a1*.txt
start=$(now_ms)
"$indexer" -q --db ref corpus || fail "reference re-index"
update_ms=$(( $(now_ms) - start ))
answers ref > ref2.out
"$db_state" ref > ref2.state
kills=0 tries=0
while (( kills < kills_wanted && tries < max_tries )); do
    tries=$((tries + 1))
    rm -rf killed && cp -a ref1 killed
    kill_one killed "$update_ms"
    check_state killed "$tries" ref.state ref2.state
    if (( killed_it )); then kills=$((kills + 1)); else update_ms=$((update_ms * 3 / 4)); fi
done
(( kills == kills_wanted )) || fail "incremental runs: only $kills of $tries kills stopped a running indexer (a run takes $update_ms ms)"
# Kills one after another on the same database, then a run to the end.
for k in 1 2 3; do
    kill_one killed "$update_ms"
    check_state killed "after-$k" ref.state ref2.state
done
"$indexer" -q --db killed corpus 2>/dev/null; [[ $? -le 1 ]] || fail "incremental run after kills"
answers killed > killed2.out
diff -u ref2.out killed2.out || fail "incremental runs: answers after kills differ from an uninterrupted run"
"$db_state" killed | cmp -s - ref2.state || fail "incremental runs: state after kills differs from an uninterrupted run"
echo "kill test: $((full_kills + kills)) runs killed mid-way ($full_kills of $full_tries full runs of $full_ms ms, $kills of $tries updates of $update_ms ms), each leaving a committed state that xapian-check passes; both final states reached"
