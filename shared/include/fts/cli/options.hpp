// Command-line options of the two tools, registered on a CLI::App so that the
// mains and the parse tests share one definition.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "fts/index/indexing_run.hpp"
#include "fts/ranking/searcher.hpp"

namespace fts {

// Exit codes, shared by both tools.
inline constexpr int kExitOk = 0;        // searcher: hits found; indexer: every file indexed
inline constexpr int kExitNothing = 1;   // searcher: no hits; indexer: some files skipped
inline constexpr int kExitError = 2;     // bad usage, query, or database: nothing changed

enum class ColorMode { auto_detect, always, never };

struct SearcherOptions {
    std::string db_path = "xapian-db";
    std::vector<std::string> words;  // the query, joined by spaces
    std::size_t limit = 10;
    std::size_t offset = 0;
    bool passages = false;
    std::string sort = "relevance";
    std::string since, until;
    std::string default_op = "or";
    RankingOptions ranking;
    bool json = false;
    bool explain = false;
    bool exact_spelling = false;  // --exact-spelling: no spelling fallback
    ColorMode color = ColorMode::auto_detect;

    // Checks values and builds the request. Throws UsageError or QueryError.
    [[nodiscard]] auto to_request() const -> SearchRequest;
};

void add_indexer_options(CLI::App& app, IndexerOptions& options);
void add_searcher_options(CLI::App& app, SearcherOptions& options);

}  // namespace fts
