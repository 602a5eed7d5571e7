#!/usr/bin/env bash
# Searches loop while the indexer rewrites the database: six rounds, alternately
# updating in place (a fifth of the articles changed, some added) and
# rebuilding aside (--rebuild: a new database built beside it and swapped in).
# No search may fail, and each must answer from one committed revision: its
# count of the round's articles is that of the state before the round (none)
# or after it (650).
# Usage: readers_test.sh INDEXER SEARCHER
set -u
indexer=$1 searcher=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 2
fail() { echo "FAIL: $*"; exit 1; }

mkdir corpus
for i in $(seq 1 3000); do
    printf 'Report %d\n\nSanctions on coal, item %d. The port of Rajin reopened.\n\nA second paragraph about the railway and ferry %d.\n' \
        "$i" "$i" "$((i % 17))" > "corpus/a$i.txt"
done
"$indexer" -q --db db corpus || fail "first index"
count() { "$searcher" --db db --color never -n 5 -- "round$1" 2>&1 | tail -1; }

searches=0
candidates=()
for round in 1 2 3 4 5 6; do
    before=$(count "$round")
    # Each round: a fifth of the articles gain the word round$round, and 50 new ones have it.
    for i in $(seq "$round" 5 3000); do printf 'Report %d\n\nround%d coal, item %d.\n' "$i" "$round" "$i" > "corpus/a$i.txt"; done
    for i in $(seq 1 50); do printf 'New %d\n\nround%d sanctions.\n' "$i" "$round" > "corpus/n$round-$i.txt"; done
    rebuild=()
    if (( round % 2 == 0 )); then rebuild=(--rebuild); fi
    "$indexer" -q "${rebuild[@]}" --db db corpus 2>"$scratch/index.err" &
    pid=$!
    seen=0
    while kill -0 "$pid" 2>/dev/null || (( seen == 0 )); do
        out=$("$searcher" --db db --color never -n 5 -- "round$round" 2>"$scratch/err")
        code=$?
        [[ $code -le 1 ]] || fail "round $round: a search failed during the run (exit $code): $(cat "$scratch/err")"
        [[ ! -s "$scratch/err" ]] || fail "round $round: a search wrote to stderr: $(cat "$scratch/err")"
        got=$(tail -1 <<<"$out")
        seen=$((seen + 1))
        [[ "$got" == "$before" ]] || candidates+=("$got")
    done
    wait "$pid"; [[ $? -le 1 ]] || fail "round $round: the indexer failed: $(cat "$scratch/index.err")"
    after=$(count "$round")
    for c in "${candidates[@]:-}"; do
        [[ -z "$c" || "$c" == "$after" ]] || fail "round $round: a search saw '$c', neither '$before' nor '$after'"
    done
    candidates=()
    [[ "$before" != "$after" ]] || fail "round $round: the re-index changed nothing the query sees"
    searches=$((searches + seen))
done
[[ ! -e .db.rebuild ]] || fail "the rebuild folder was left behind"
echo "readers test: $searches searches during 6 re-index runs (3 in place, 3 rebuilt aside), none failed or mixed revisions"
