#include "fts/cli/options.hpp"

#include <unicode/uversion.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <xapian.h>

#include "fts/error.hpp"
#include "fts/query/query_parser.hpp"
#include "fts/util/text.hpp"

namespace fts {
namespace {

auto shortest(double v) -> std::string {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// A number in [low, high], and finite: CLI::Range lets "nan" through (every
// comparison with NaN is false) and turns "-1" for an unsigned option into
// 2^64 - 1. Checked on the text, before conversion.
auto number_in(double low, double high) -> CLI::Validator {
    return CLI::Validator(
        [low, high](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string::npos || end == text.c_str() ||
                *end != '\0' || !std::isfinite(v)) {
                return "'" + text + "' is not a number";  // nan, inf, hexadecimal, 1e400
            }
            if (v < low || v > high) return text + " is out of range: give a number from " + shortest(low) + " to " + shortest(high);
            return {};
        },
        "NUMBER in [" + shortest(low) + ", " + shortest(high) + "]");
}

auto whole_number_in(long long low, long long high) -> CLI::Validator {
    return CLI::Validator(
        [low, high](std::string& text) -> std::string { return whole_number_error(text, low, high); },
        "INT in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
}

// One of `names`, with a message that lists them.
auto one_of(std::vector<std::string> names) -> CLI::Validator {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    return CLI::Validator(
        [names, list](std::string& text) -> std::string {
            for (const std::string& n : names) {
                if (text == n) return {};
            }
            return "'" + text + "' is not one of " + list;
        },
        list);
}

// Shared by both tools: an option given twice takes its last value, as most tools do.
void set_defaults(CLI::App& app) { app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast); }

}  // namespace

auto color_enabled(ColorMode mode, bool terminal, const char* no_color) -> bool {
    if (mode != ColorMode::auto_detect) return mode == ColorMode::always;
    return terminal && (no_color == nullptr || *no_color == '\0');
}

auto version_line() -> std::string {
    return std::string("newsfts ") + FTS_VERSION + " (Xapian " + Xapian::version_string() + ", ICU " + U_ICU_VERSION + ")";
}

auto parse_error_message(const std::string& tool, const CLI::ParseError& e) -> std::string {
    return tool + ": " + e.what() + "\n" + tool + ": run '" + tool + " --help' for the options";
}

void add_indexer_options(CLI::App& app, IndexerOptions& options) {
    set_defaults(app);
    app.add_option("--db", options.db_path, "Database folder (created when missing)")->capture_default_str();
    app.add_option("paths", options.paths, "Folders or files to index (.txt, .md, .html)")->capture_default_str();
    app.set_version_flag("--version", version_line());
    app.add_option("-j,--jobs", options.jobs, "Threads that read, analyse and write (0: one per core)")
        ->capture_default_str()
        ->check(whole_number_in(0, 256));
    app.add_option("--shards", options.shards,
                   "Split the articles across N databases in the --db folder, listed by its stub file XAPIANDB (each can be "
                   "served by xapian-tcpsrv); later runs keep the folder's count")
        ->check(whole_number_in(1, 1024));
    app.add_flag("-q,--quiet", options.quiet, "Do not print the summary line");
    app.add_option("--wait", options.wait_seconds, "Seconds to wait for another indexer writing to the database (0: fail at once)")
        ->capture_default_str()
        ->check(number_in(0, 86400));
    app.add_option("--variants", options.variant_files,
                   "File of spelling variants searched as one word, one group a line (added to the shipped ones; repeatable)")
        ->expected(1)
        ->allow_extra_args(false)  // one file a time: `--variants v.txt corpus` indexes corpus
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->check(CLI::ExistingFile);
    app.add_flag("--rebuild", options.rebuild,
                 "Build the whole index anew beside the database and swap it in (searches go on meanwhile; compacts it)");
    app.add_flag("--prune", options.prune,
                 "Also remove articles whose files are gone from folders not named on this run (e.g. a deleted folder)");
}

void add_searcher_options(CLI::App& app, SearcherOptions& options) {
    set_defaults(app);
    app.set_version_flag("--version", version_line());
    app.add_option("--db", options.db_paths,
                   "Database folder written by the indexer, a remote shard (tcp://HOST:PORT, served by xapian-tcpsrv), or a stub "
                   "file listing several; repeat to search several as one")
        ->expected(1)
        ->allow_extra_args(false)  // one a time: `--db a korea` searches a for korea
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->capture_default_str();
    app.add_flag("--allow-partial", options.allow_partial,
                 "When a remote shard cannot be reached, search the others (with a warning naming it) rather than fail");
    app.add_option("-n,--limit", options.limit, "Number of hits to show")->capture_default_str()->check(whole_number_in(1, 100000));
    app.add_option("--offset", options.offset, "Skip this many hits first (paging)")
        ->capture_default_str()
        ->check(whole_number_in(0, 10000000));
    app.add_flag("--passages", options.passages, "List every matching passage, not only the best one per article");
    app.add_option("--sort", options.sort, "Order of hits: relevance or date (newest first)")
        ->capture_default_str()
        ->check(one_of({"relevance", "date"}));
    app.add_option("--since", options.since, "Only articles dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)");
    app.add_option("--until", options.until, "Only articles dated on or before this date");
    app.add_option("--default-op", options.default_op, "How words side by side combine: or (ranked, any word) or and (every word)")
        ->capture_default_str()
        ->check(one_of({"or", "and"}));
    app.add_flag("--exact-spelling", options.exact_spelling,
                 "Search a word that is in no article as typed, not as its nearest indexed spelling");
    app.add_option("--k1", options.ranking.k1, "BM25 k1: term-frequency saturation")->capture_default_str()->check(number_in(0.0, 100.0));
    app.add_option("--b", options.ranking.b, "BM25 b: document-length normalisation")->capture_default_str()->check(number_in(0.0, 1.0));
    app.add_option("--article-weight", options.ranking.article_weight,
                   "Weight of the whole-article score added to the best passage's BM25")
        ->capture_default_str()
        ->check(number_in(0.0, 100.0));
    app.add_option_function<std::string>(
           "--article-model",
           [&options](const std::string& v) {
               options.ranking.article_model = v == "bm25" ? ArticleModel::bm25 : ArticleModel::ineb2;
           },
           "How the whole article is weighted: ineb2 or bm25")
        ->check(one_of({"ineb2", "bm25"}))
        ->option_text(std::string("ineb2|bm25=") + (options.ranking.article_model == ArticleModel::ineb2 ? "ineb2" : "bm25"));
    app.add_option("--ineb2-c", options.ranking.ineb2_c, "IneB2 c: document-length normalisation of the article (larger: weaker)")
        ->capture_default_str()
        ->check(number_in(0.01, 100.0));
    app.add_option("--feedback-weight", options.ranking.feedback.weight,
                   "Weight of pseudo-relevance feedback for the hits after the first page (0: off)")
        ->capture_default_str()
        ->check(number_in(0.0, 100.0));
    app.add_option("--feedback-after", options.ranking.feedback.after,
                   "Hits ranked by the query alone before feedback applies")
        ->capture_default_str()
        ->check(whole_number_in(0, 100000));
    app.add_option("--feedback-articles", options.ranking.feedback.articles, "Top articles the feedback learns from")
        ->capture_default_str()
        ->check(whole_number_in(1, 100));
    app.add_option("--feedback-terms", options.ranking.feedback.terms, "Stems in the feedback query")
        ->capture_default_str()
        ->check(whole_number_in(1, 1000));
    app.add_flag("--json", options.json, "Print JSON Lines, one object per hit");
    app.add_flag("--explain", options.explain, "Show the parsed query and each hit's score parts");
    app.add_option_function<std::string>(
           "--color",
           [&options](const std::string& v) {
               options.color = v == "always" ? ColorMode::always : v == "never" ? ColorMode::never : ColorMode::auto_detect;
           },
           "Highlight with colour: auto (when stdout is a terminal and NO_COLOR is not set), always or never")
        ->check(one_of({"auto", "always", "never"}))
        ->option_text("auto|always|never=auto");
    app.add_option("query", options.words, "The query (use -- before a query that starts with '-')");
}

void add_serve_options(CLI::App& app, ServerOptions& options) {
    set_defaults(app);
    app.set_version_flag("--version", version_line());
    app.add_option("--db", options.db_path,
                   "Database folder written by the indexer (it may be created later), a folder of shards, a remote shard "
                   "(tcp://HOST:PORT) or a stub file")
        ->capture_default_str();
    app.add_flag("--allow-partial", options.allow_partial,
                 "When a remote shard cannot be reached, answer from the others (with a warning naming it) rather than 503");
    app.add_option("--host", options.host, "Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface)")
        ->capture_default_str();
    app.add_option("--port", options.port, "Port to listen on (0: any free one)")->capture_default_str()->check(whole_number_in(0, 65535));
    app.add_option("--threads", options.threads, "Requests served at once (a keep-alive connection holds one while open)")
        ->capture_default_str()
        ->check(whole_number_in(1, 256));
}

auto SearcherOptions::to_request() const -> SearchRequest {
    SearchRequest r;
    for (const std::string& w : words) {
        if (!r.query.empty()) r.query.push_back(' ');
        r.query += w;
    }
    r.limit = limit;
    r.offset = offset;
    r.all_passages = passages;
    r.sort = sort == "date" ? SortOrder::date : SortOrder::relevance;
    if (!since.empty()) r.since = parse_date_bound(since, false);
    if (!until.empty()) r.until = parse_date_bound(until, true);
    if (r.since && r.until && r.until->sortable() < r.since->sortable()) {
        throw UsageError("--since " + since + " is after --until " + until + ": no date is in that range");
    }
    r.default_op = default_op == "and" ? DefaultOperator::all : DefaultOperator::any;
    r.explain = explain;
    r.correct_spelling = !exact_spelling;
    r.ranking = ranking;
    return r;
}

}  // namespace fts
