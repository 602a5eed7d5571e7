// One indexer run: bring the database in line with the article files.
//
// New files are added, files whose bytes changed (content hash) are
// re-indexed, articles whose files are gone from an indexed folder are
// removed, unchanged files are left untouched. The run commits once, at the end.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace fts {

struct IndexerOptions {
    std::string db_path = "xapian-db";             // database folder, created when missing
    std::vector<std::string> paths{"corpus"};      // folders or files to index
    bool progress = false;                          // draw a progress bar on stderr
    bool quiet = false;                             // no summary line
};

struct IndexSummary {
    std::size_t added = 0, updated = 0, removed = 0, unchanged = 0, skipped = 0;
    std::size_t passages_written = 0;  // passages of added and updated articles
    std::size_t passages_total = 0;    // passages in the index after the run
    double seconds = 0;

    // Exit code contract: 0 every file indexed, 1 some files skipped (reported).
    [[nodiscard]] auto exit_code() const -> int { return skipped > 0 ? 1 : 0; }
    [[nodiscard]] auto line() const -> std::string;  // the one-line summary
};

// Diagnostics (skipped files, repairs) go to `diagnostics`, one line each,
// "indexer: PATH: REASON". Throws on errors that stop the run (UsageError,
// DatabaseError); nothing is committed then.
auto run_indexer(const IndexerOptions& options, std::ostream& diagnostics) -> IndexSummary;

}  // namespace fts
