// Command-line options of the two tools, registered on a CLI::App so that the
// mains and the parse tests share one definition.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "fts/index/indexing_run.hpp"
#include "fts/ranking/searcher.hpp"
#include "fts/server/http_server.hpp"

namespace fts {

// Exit codes, shared by both tools.
inline constexpr int kExitOk = 0;        // searcher: hits found; indexer: every file indexed
inline constexpr int kExitNothing = 1;   // searcher: no hits; indexer: some files skipped
inline constexpr int kExitError = 2;     // bad usage, query, or database: nothing changed

enum class ColorMode { auto_detect, always, never };

struct SearcherOptions {
    // Databases searched as one: folders written by the indexer, or stub
    // files listing them (--db repeated).
    std::vector<std::string> db_paths{"xapian-db"};
    bool allow_partial = false;  // an unreachable remote shard is left out with a warning
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

// Whether to colour the output: always, never, or (auto) when stdout is a
// terminal and the NO_COLOR environment variable is unset or empty (no-color.org).
[[nodiscard]] auto color_enabled(ColorMode mode, bool terminal, const char* no_color) -> bool;

// A command-line error as the tools print it: "searcher: MESSAGE", then where help is.
[[nodiscard]] auto parse_error_message(const std::string& tool, const CLI::ParseError& e) -> std::string;

// "newsfts 0.1.0 (Xapian 1.4.22, ICU 72.1)", as --version prints it.
[[nodiscard]] auto version_line() -> std::string;

void add_indexer_options(CLI::App& app, IndexerOptions& options);
void add_searcher_options(CLI::App& app, SearcherOptions& options);
void add_serve_options(CLI::App& app, ServerOptions& options);

}  // namespace fts
