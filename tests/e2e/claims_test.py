#!/usr/bin/python3
"""Every SciFact claim searched as typed: none may crash or fail the searcher.

The 1,109 claims are long questions full of dashed words, figures and
function words, the kind of query that reaches odd corners of the matcher
(a Xapian 1.4.22 crash on OP_MAX under pruning was found this way). Each claim
runs at -n 10; every tenth also at -n 1 and -n 100, and with --explain.
Exit 0: all ran (rc 0 or 1); 1: some failed; 77: SciFact is not in ../shared/data.

Usage: claims_test.py INDEXER SEARCHER DATA_DIR WORK_DIR
"""
import json
import lzma
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def main():
    indexer, searcher, data, work = sys.argv[1:5]
    scifact = os.path.join(data, "beir", "scifact")
    corpus, queries = os.path.join(scifact, "corpus.jsonl.xz"), os.path.join(scifact, "queries.jsonl")
    if not (os.path.exists(corpus) and os.path.exists(queries)):
        print(f"claims test skipped: SciFact not found under {scifact}")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    articles, db = os.path.join(work, "articles"), os.path.join(work, "db")
    os.makedirs(articles)
    with lzma.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            with open(os.path.join(articles, d["_id"] + ".txt"), "w", encoding="utf-8") as out:
                out.write(d["title"].strip() + "\n\n" + d["text"] + "\n")
    subprocess.run([indexer, "--db", db, articles], check=True, stdout=subprocess.DEVNULL)
    with open(queries, encoding="utf-8") as f:
        claims = [json.loads(line)["text"] for line in f]

    runs = []
    for i, claim in enumerate(claims):
        runs.append(["-n", "10", "--", claim])
        if i % 10 == 0:
            runs += [["-n", "1", "--", claim], ["-n", "100", "--", claim], ["-n", "3", "--explain", "--", claim]]

    def one(args):
        out = subprocess.run([searcher, "--db", db, *args], capture_output=True, text=True)
        return args, out.returncode, out.stderr.strip()

    failed = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for args, rc, err in pool.map(one, runs):
            if rc not in (0, 1):
                failed += 1
                print(f"FAIL rc={rc}: searcher {' '.join(args[:-1])} '{args[-1]}'\n  {err}")
    print(f"{len(runs)} searches of {len(claims)} claims, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
