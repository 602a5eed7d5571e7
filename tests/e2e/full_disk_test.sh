#!/usr/bin/env bash
# The indexer on a full disk (a 3 MB tmpfs) and on a read-only one: the run
# fails with a message that says which and exit code 2, never an abort. In
# place, it commits what fits as it goes and stops at a committed state
# (xapian-check passes, the articles it had are kept), and a run with room
# finishes the same index as one run would. Built aside (a first index), it
# changes nothing and leaves nothing behind, not even an empty database. Needs root (mount);
# otherwise skipped (exit 77).
# Usage: full_disk_test.sh INDEXER SEARCHER DB_STATE
set -u
indexer=$1 searcher=$2 db_state=$3
scratch=$(mktemp -d)
mnt="$scratch/mnt"
mkdir "$mnt"
if ! mount -t tmpfs -o size=3m tmpfs "$mnt" 2>/dev/null; then
    rm -rf "$scratch"
    echo "SKIPPED: cannot mount a small tmpfs (needs root) to fill"
    exit 77
fi
trap 'umount "$mnt"; rm -rf "$scratch"' EXIT
cd "$scratch" || exit 2
fail() { echo "FAIL: $*"; exit 1; }
command -v xapian-check >/dev/null || fail "xapian-check not found (Debian package xapian-tools)"

mkdir small big
for i in $(seq 1 400); do
    words=""
    for j in $(seq 1 300); do words+="term$(( (i * 131 + j * 17) % 20000 )) w$(( (i * 7 + j * 13) % 9000 )) "; done
    printf 'Report %d\n\n%s\n' "$i" "$words" > "big/a$i.txt"
done
cp -p big/a1?.txt small/

# In place: a committed index, then a run that cannot fit. It commits what
# fits as it goes, then stops at a committed state: the articles it had are
# kept, some of the new ones are in, and a run with room finishes the job.
"$indexer" -q --db "$mnt/db" small || fail "first index"
"$db_state" "$mnt/db" | grep -v '^stats:' > committed.state
for f in big/*.txt; do [[ -e "small/${f#big/}" ]] || cp -p "$f" small/; done
"$indexer" -q --db "$mnt/db" small 2> err; code=$?
[[ $code -eq 2 ]] || fail "in place: a full disk gave exit $code, not 2: $(cat err)"
grep -q "the disk is full: the index keeps its last committed state" err || fail "in place: the message does not say the disk is full: $(cat err)"
# Refused before Xapian writes: a full disk met inside Xapian's commit can end
# the process (std::terminate in its value merge) rather than fail it.
grep -q "not enough free space to commit safely" err || fail "in place: the commit was not refused for want of room: $(cat err)"
xapian-check "$mnt/db" >/dev/null || fail "in place: xapian-check fails after the full disk"
"$db_state" "$mnt/db" | grep -v '^stats:' > partial.state
[[ -z "$(comm -23 committed.state partial.state)" ]] || fail "in place: articles committed before the run were lost"
(( $(wc -l < partial.state) > $(wc -l < committed.state) )) || fail "in place: nothing of the run was committed (batches must fit the room left)"
"$searcher" --db "$mnt/db" --color never term1 >/dev/null; [[ $? -le 1 ]] || fail "in place: the database does not answer"
mount -o remount,size=40m "$mnt" || fail "remount larger"
"$indexer" -q --db "$mnt/db" small 2> err || fail "in place: the run with room does not finish: $(cat err)"
"$indexer" -q --db reference small || fail "reference index"
"$db_state" "$mnt/db" | cmp -s - <("$db_state" reference) || fail "in place: the finished index differs from one built in one run"
find small -type f ! -name 'a1?.txt' -delete  # back to the ten files that fit

# Read-only: the same file system remounted read-only.
mount -o remount,ro "$mnt" || fail "remount read-only"
"$indexer" -q --db "$mnt/db" small 2> err; code=$?
[[ $code -eq 2 ]] || fail "read-only: exit $code, not 2"
grep -q "is read-only here" err || fail "read-only: the message does not say so: $(cat err)"
"$searcher" --db "$mnt/db" --color never term1 >/dev/null; [[ $? -le 1 ]] || fail "read-only: the database cannot be searched"
mount -o remount,rw "$mnt" || fail "remount read-write"

# Built aside: the first index of the big folder cannot fit (3 MB again). Its parts are
# written by threads at once, so the run is repeated: which write meets the
# full disk first varies from run to run.
rm -rf "${mnt:?}"/* "$mnt"/.db*
mount -o remount,size=3m "$mnt" || fail "remount smaller"
for attempt in 1 2 3 4 5; do
    rm -rf "${mnt:?}"/* "$mnt"/.db*
    "$indexer" -q --db "$mnt/db" big 2> err; code=$?
    [[ $code -eq 2 ]] || fail "aside, run $attempt: a full disk gave exit $code, not 2: $(cat err)"
    grep -q "the disk is full: nothing was changed" err || fail "aside: the message does not say the disk is full: $(cat err)"
    [[ ! -e "$mnt/.db.rebuild" ]] || fail "aside: the half-built index was left behind"
    [[ ! -e "$mnt/db" ]] || fail "aside: the failed first index left an empty database behind"
done
"$indexer" -q --db "$mnt/db" small || fail "aside: the next run fails"
echo "full disk test: both write paths failed cleanly and recovered; a read-only database is said to be read-only"
