// One indexer run: bring the database in line with the article files.
//
// New files are added, changed files re-indexed, articles whose files are gone
// from an indexed folder removed, unchanged files left untouched. A file is
// unchanged without being read when its size, modification time and inode
// are those recorded; otherwise its bytes are hashed, and a file whose bytes
// are the same (a `touch`) only has its record updated.
//
// An empty database, or one written with another index format, is built aside
// on `jobs` threads, each into a database of its own, merged by Xapian's
// compaction into one compact database that replaces the old one in a single
// rename: readers see the old index until then, and a killed run leaves it as
// it was. Otherwise the changes are applied in place, analysed on `jobs`
// threads and written by one, committed every few tens of megabytes of text;
// each article changes all-or-nothing, and a killed run leaves the last
// commit, which the next run completes.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace fts {

struct IndexerOptions {
    std::string db_path = "xapian-db";             // database folder, created when missing
    std::vector<std::string> paths{"corpus"};      // folders or files to index
    std::size_t jobs = 0;                           // threads; 0: one per core
    bool progress = false;                          // draw a progress bar on stderr
    bool quiet = false;                             // no summary line
    bool prune = false;                             // remove articles whose files are gone, wherever they were
    double wait_seconds = 0;                        // for another indexer's lock
    bool rebuild = false;                           // build the whole index aside and swap it in
    std::vector<std::string> variant_files;         // spelling variants beside the shipped ones (index/variants.hpp)
    // Split the articles across this many databases, db_path/shard-K, listed
    // by the stub file db_path/XAPIANDB (run_indexer). 0: as the folder
    // already is (sharded or not); 1: one database.
    std::size_t shards = 0;
};

struct IndexSummary {
    std::size_t added = 0, updated = 0, removed = 0, unchanged = 0, skipped = 0;
    std::size_t passages_written = 0;  // passages of added and updated articles
    std::size_t passages_total = 0;    // passages in the index after the run
    bool rebuilt = false;              // built aside and swapped in
    double seconds = 0;

    // Exit code contract: 0 every file indexed, 1 some files skipped (reported).
    [[nodiscard]] auto exit_code() const -> int { return skipped > 0 ? 1 : 0; }
    [[nodiscard]] auto line() const -> std::string;  // the one-line summary
};

// Diagnostics (skipped files, repairs) go to `diagnostics`, one line each,
// "indexer: PATH: REASON", in file order. Throws on errors that stop the run
// (UsageError, DatabaseError); what was committed before stays.
//
// Sharded (options.shards > 1, or db_path holding a stub file XAPIANDB): each
// article goes to shard K = its key (a hash of its absolute path) mod the
// shard count, so a re-index finds it, changes it and removes it in the shard
// that holds it. The shards are brought in line one after the other, each as
// one database is; db_path/XAPIANDB lists them (`auto shard-K`, Xapian's stub
// format), so that searcher --db db_path searches them all, and each shard
// folder can be served on its own by xapian-tcpsrv. db_path/spelling, also
// listed, holds no articles: the spelling words of all the shards, for
// corrections when the shards are remote (xapian-tcpsrv serves no spelling).
auto run_indexer(const IndexerOptions& options, std::ostream& diagnostics) -> IndexSummary;

// The shard an article key (16 hex digits) belongs to, of `shards`.
[[nodiscard]] auto shard_of(const std::string& article_key, std::size_t shards) -> std::size_t;

}  // namespace fts
