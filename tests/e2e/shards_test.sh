#!/usr/bin/env bash
# Shards: the test corpus indexed as one database and as two shards
# (indexer --shards 2), each shard served by its own xapian-tcpsrv on a
# loopback port. The same queries (words, phrases, dashed names, filters, NOT,
# NEAR, feedback, spelling corrections and variants, Korean and Russian) must answer the same hits, in the same
# order with the same scores and snippets, from the one database, from the
# shard folder, and from the two remote shards; a changed article must be seen
# through the remote shards; a shard that is down must fail the search with a
# message naming it, or with --allow-partial leave it out with a warning.
# Skipped (77) without xapian-tcpsrv (Debian's xapian-tools).
# Usage: shards_test.sh INDEXER SEARCHER TESTS_DIR
set -u
indexer=$1 searcher=$2 tests=$3
command -v xapian-tcpsrv >/dev/null || { echo "shards test skipped: no xapian-tcpsrv (apt-get install xapian-tools)"; exit 77; }
scratch=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null; done
    rm -rf "$scratch"
}
trap cleanup EXIT
cd "$scratch" || exit 2
fail() { echo "FAIL: $*"; exit 1; }

cp -r "$tests/data/corpus" corpus
"$indexer" -q --db one corpus || fail "index one database"
"$indexer" -q --db sharded --shards 2 corpus || fail "index two shards"
[[ -f sharded/XAPIANDB && -d sharded/shard-0 && -d sharded/shard-1 ]] || fail "no stub file and shard folders: $(ls sharded)"

# One xapian-tcpsrv per shard, each on a free port (tried until one binds),
# in a session of its own: it forks a child per connection, and killing the
# session stops them all. Sets served_port and served_pid.
serve() {
    local folder=$1 port pid
    for _ in $(seq 1 20); do
        port=$((20000 + RANDOM % 40000))
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$folder" >"$scratch/tcpsrv-$port.log" 2>&1 </dev/null &
        pid=$!
        for _ in $(seq 1 50); do
            if grep -q "Listening" "$scratch/tcpsrv-$port.log" 2>/dev/null; then
                served_port=$port served_pid=$pid
                pids+=("$pid")
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -- "-$pid" 2>/dev/null
    done
    return 1
}
serve sharded/shard-0 || fail "xapian-tcpsrv did not start for shard 0"
port0=$served_port
serve sharded/shard-1 || fail "xapian-tcpsrv did not start for shard 1"
port1=$served_port pid1=$served_pid
# As on a search machine: the remote shards, and a local copy of the spelling words.
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nauto sharded/spelling\n' "$port0" "$port1" > remote.stub

queries=(
    "sanctions" "Kim Jong-un" '"six party" talks' "korea -\"six party\"" "Putin NOT Cuba" "Putin AND Cuba"
    "+railway russia" "title:russia" "author:smith" "korea NEAR/5 russia" "2003-2007" "\$47.9 million"
    "북한" "Путин" "the" "of the" "the -korea" "coal OR ferries OR railway" "Moskow" "sanctoins Pyongyang" "Rajin-Hasan railway"
)
compare() {  # compare LABEL ARGS... : the same output from the one database, the shard folder and the remote shards
    local label=$1; shift
    "$searcher" --db one --json "$@" >"$scratch/one.out" 2>"$scratch/one.err"; local rc_one=$?
    for where in sharded remote.stub; do
        "$searcher" --db "$where" --json "$@" >"$scratch/other.out" 2>"$scratch/other.err"; local rc=$?
        [[ $rc -eq $rc_one ]] || fail "$label: exit $rc from $where, $rc_one from one database: $(cat "$scratch/other.err")"
        # The article ids and paths are the same; only the docids differ.
        diff "$scratch/one.out" "$scratch/other.out" >"$scratch/diff" || fail "$label: $where differs from one database: $(head -c 1500 "$scratch/diff")"
    done
}
for q in "${queries[@]}"; do
    compare "'$q' -n 20" -n 20 -- "$q"
    compare "'$q' --passages" -n 20 --passages -- "$q"
done
compare "feedback" -n 20 --feedback-after 1 -- "railway"
compare "dates" -n 20 --since 2017 --until 2020-12 -- "korea"
compare "sorted by date" -n 20 --sort date -- "korea"
compare "page 2" -n 2 --offset 2 -- "korea"
compare "explain" -n 3 --explain -- "Rajin railway"

# A changed article, re-indexed into its shard, is seen through the remote shards.
printf 'Zebrafish ferries\n\nA new article about zebrafish ferries to Rajin.\n' > corpus/sanctions.txt
"$indexer" -q --db sharded corpus || fail "re-index the shards"
"$indexer" -q --db one corpus || fail "re-index one database"
out=$("$searcher" --db remote.stub --color never -- zebrafish) || fail "the changed article is not found through the remote shards"
grep -q "sanctions.txt" <<<"$out" || fail "the changed article is not found through the remote shards: $out"
compare "after the change" -n 20 -- "zebrafish OR sanctions OR korea"

# A shard named twice, as a folder and by its server: refused, not searched twice.
printf 'remote 127.0.0.1:%s\nauto sharded/shard-0\n' "$port0" > twice.stub
"$searcher" --db twice.stub -- korea >/dev/null 2>"$scratch/err"; rc=$?
[[ $rc -eq 2 ]] || fail "a shard named twice exited $rc, not 2: $(cat "$scratch/err")"
grep -q "are the same database" "$scratch/err" || fail "a shard named twice is not refused as one database: $(cat "$scratch/err")"
# Some of the shards of a folder without the others: refused, naming the one left out.
printf 'remote 127.0.0.1:%s\nauto sharded/spelling\n' "$port0" > some.stub
"$searcher" --db some.stub -- korea >/dev/null 2>"$scratch/err"; rc=$?
[[ $rc -eq 2 ]] || fail "a stub listing one of two shards exited $rc, not 2: $(cat "$scratch/err")"
grep -q "shard 1 is not searched" "$scratch/err" || fail "a stub listing one of two shards does not say which is left out: $(cat "$scratch/err")"
"$searcher" --db sharded/shard-1 -- korea >/dev/null 2>"$scratch/err"; rc=$?
[[ $rc -eq 2 ]] || fail "one shard folder searched alone exited $rc, not 2: $(cat "$scratch/err")"

# Two databases that hold the same articles (a layout gone wrong): each hit shown, none blank.
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nauto one\n' "$port0" "$port1" > overlap.stub
"$searcher" --db overlap.stub --json -n 50 -- korea >"$scratch/overlap.out" 2>"$scratch/err" || fail "two overlapping databases: $(cat "$scratch/err")"
grep -q '"id":""' "$scratch/overlap.out" && fail "two overlapping databases give blank hits: $(grep -m1 '"id":""' "$scratch/overlap.out")"

# A shard that is down: a clear error naming it, or with --allow-partial the other's results and a warning.
kill -- "-$pid1"; sleep 0.3
"$searcher" --db remote.stub -- korea >/dev/null 2>"$scratch/err"; rc=$?
[[ $rc -eq 2 ]] || fail "a search with a shard down exited $rc, not 2"
grep -q "127.0.0.1:$port1" "$scratch/err" || fail "the error does not name the shard that is down: $(cat "$scratch/err")"
"$searcher" --db remote.stub --allow-partial --color never -- korea >"$scratch/partial.out" 2>"$scratch/err"; rc=$?
[[ $rc -le 1 ]] || fail "--allow-partial with a shard down exited $rc: $(cat "$scratch/err")"
grep -q "warning: remote shard 'tcp://127.0.0.1:$port1'" "$scratch/err" || fail "--allow-partial gave no warning naming the shard: $(cat "$scratch/err")"
# searcher serve over the shards, one of them down: the answer, with a warning naming it.
if [[ -x /usr/bin/python3 ]]; then
    partial_query="korea OR railway OR sanctions OR zebrafish OR 북한 OR Путин"
    encoded=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$partial_query")
    "$searcher" serve --db remote.stub --port 0 --allow-partial 2>"$scratch/serve.err" &
    serve_pid=$!
    for _ in $(seq 1 50); do grep -q "on http://" "$scratch/serve.err" && break; sleep 0.1; done
    url=$(grep -o "http://[0-9.:]*/" "$scratch/serve.err" | head -1)
    [[ -n "$url" ]] || fail "searcher serve did not start: $(cat "$scratch/serve.err")"
    answer=$(/usr/bin/python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' "${url}api/search?limit=100&q=$encoded") \
        || fail "searcher serve --allow-partial with a shard down did not answer"
    kill "$serve_pid"; wait "$serve_pid" 2>/dev/null
    grep -q "remote shard 'tcp://127.0.0.1:$port1' cannot be reached" <<<"$answer" || fail "the API gave no warning naming the shard: $answer"
    # (Which articles the shard still up holds depends on their paths: compare with the CLI's count.)
    cli=$("$searcher" --db remote.stub --allow-partial --json -n 100 -- "$partial_query" 2>/dev/null | grep -c '"rank"')
    grep -q "\"total\":$cli," <<<"$answer" || fail "the API's total is not the CLI's ($cli): $answer"
fi
echo "shards: ${#queries[@]} queries x 2, and 5 more, equal from one database, the shard folder and two remote shards"
