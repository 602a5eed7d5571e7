// Search: rank the articles of an index for a query, each shown by its best
// passage, and cut snippets from them.
//
// One Xapian document per article. A search runs in four steps:
//   plan     parse, rewrite (spelling), build the Xapian query over the
//            articles and the patterns its body parts make (query/);
//   match    one Xapian match decides which articles the query matches
//            (AND, NOT, filters hold for whole articles) and weights each
//            whole article (IneB2 or BM25); a query of words that say nothing
//            of an article's subject (function words, words in most
//            articles) has no such weight: its articles come in key order
//            (the same over any layout of shards), from the first key buckets
//            that hold enough of them, so the match stops early;
//   rank     the best `window` articles by that weight get passage scores
//            from the patterns' position lists (ranking/passage_scorer.hpp);
//            an article's score is its best passage's plus article_weight
//            times its own weight, and the window is re-ranked by it (hits
//            past the window come from further, larger windows, re-ranked
//            alike, so a hit's rank never depends on the page asked for);
//            feedback then re-ranks the hits after the first page;
//   show     snippets for the hits on the page, and with --explain each
//            query part's share (explain data; the prose is the CLI's).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/document/article.hpp"
#include "fts/index/article_document.hpp"
#include "fts/index/index_writer.hpp"
#include "fts/query/query_builder.hpp"
#include "fts/ranking/passage_scorer.hpp"
#include "fts/snippet/snippet.hpp"

namespace fts {

// How the whole-article evidence is weighted.
enum class ArticleModel {
    bm25,   // Xapian::BM25Weight with k1 and b, like the passages
    ineb2,  // Xapian::IneB2Weight (divergence from randomness) with ineb2_c
};

// "IneB2" or "BM25", as --explain names the model.
[[nodiscard]] auto model_name(ArticleModel model) -> const char*;

// Pseudo-relevance feedback for the hits after the first page: the stems that
// best set the top `articles` articles apart from the collection (Xapian's
// expansion set; the query's own words left out) form a second query over the
// articles; its weight under the article model, times `weight`, is added to
// the score of every hit of the first window after the first `after`, which
// are then re-ranked. The first page stays the query's own ranking; further
// down, articles written in the best hits' vocabulary rise even where they
// use other words than the query. weight 0 turns it off. Figures that chose
// the defaults: bench/README.md.
struct FeedbackOptions {
    std::size_t after = 10;
    std::size_t articles = 3;
    std::size_t terms = 30;
    double weight = 0.3;
};

// Ranking parameters. An article's score is the BM25 of its best passage plus
// article_weight times the weight of the whole article under article_model;
// with --passages each passage scores the same way. Passage BM25 uses k1 for
// term-frequency saturation and b for length normalisation. Defaults and the
// figures that chose them: bench/README.md.
struct RankingOptions {
    double k1 = 1.0;
    double b = 0.5;
    double article_weight = 0.5;
    ArticleModel article_model = ArticleModel::ineb2;
    double ineb2_c = 2.0;  // IneB2's length normalisation: larger c, weaker normalisation
    // Articles re-ranked together by their combined score: the best `window`
    // by article weight (the first page or two: cheap), then the next
    // `deep_window` (deep enough for articles to rise into the top 100),
    // then further `deep_window`s. Chosen on SciFact train (bench/README.md).
    std::size_t window = 20;
    std::size_t deep_window = 280;
    // Weight multiplier for passages flagged as closing boilerplate (author
    // bios): they stay findable but rank below the article body.
    double boilerplate_scale = 0.3;
    FeedbackOptions feedback;
};

enum class SortOrder { relevance, date };

struct SearchRequest {
    std::string query;
    std::size_t limit = 10;
    std::size_t offset = 0;
    bool all_passages = false;  // false: the best passage of each article
    SortOrder sort = SortOrder::relevance;
    std::optional<Date> since, until;  // inclusive date filter
    // Only articles by this author, from this source (as author:"..." and
    // source:"..." in the query, but over the whole query whatever its
    // operators); empty: any.
    std::string author, source;
    DefaultOperator default_op = DefaultOperator::any;
    bool explain = false;        // fill Hit::explain
    // A bare word in no article: its nearest indexed spelling is offered
    // (SearchResults::suggestion), and searched when nothing matches as typed.
    bool correct_spelling = true;
    // Count the matching articles by period, author and source (SearchResults::facets):
    // one more match, over every matching article.
    bool facets = false;
    // Seconds a match may run before Xapian cuts it short (Enquire::set_time_limit;
    // the hits are then the best found so far, the count an estimate). 0: no limit.
    double time_limit = 0;
    RankingOptions ranking;
    SnippetOptions snippet;
};

// The passage a hit shows, with its article's metadata.
struct PassageRecord : ArticleHeader {
    std::uint32_t passage = 0;  // 0-based passage number within the article
    std::uint64_t begin = 0;    // byte range of the passage in the article body
    std::uint64_t end = 0;
    bool boilerplate = false;
    std::string text;           // the passage text
};

struct ScoreShare {
    std::string label;
    double weight = 0;
};

// --explain: the parts of a hit's score and how they were combined.
struct Explanation {
    std::vector<ScoreShare> parts;          // each query part's weight in the passage
    std::vector<ScoreShare> article_parts;  // ... and in the whole article
    double article_weight = 0;              // RankingOptions::article_weight
    double feedback_weight = 0;             // FeedbackOptions::weight
    std::string model;                      // "IneB2" or "BM25"
    bool by_date = false;                   // sorted by date: the score only orders within a date
};

struct Hit {
    std::size_t rank = 0;  // 1-based, counting the offset
    std::string id;        // the article's key (16 hex digits): Searcher::article
    double score = 0;
    PassageRecord record;
    Snippet snippet;
    Highlights title_highlights;  // what the query's body words mark in record.title
    double passage_score = 0;   // BM25 of the passage (after the boilerplate factor)
    double article_score = 0;   // weight of the whole article (RankingOptions::article_model)
    double feedback_score = 0;  // weight of the whole article for the feedback query (past the first page)
    std::optional<Explanation> explain;
};

// How many matching articles share a value.
struct FacetCount {
    std::string value;
    Xapian::doccount count = 0;
};

// The articles of a whole match counted by value: every period ("YYYY-MM", or
// "YYYY" for an article dated by its year alone) in order, and the commonest
// authors and sources (most first, then by value; kMaxFacetValues at most).
struct Facets {
    std::vector<FacetCount> periods, authors, sources;
    std::size_t other_authors = 0, other_sources = 0;  // values left out past kMaxFacetValues
};
inline constexpr std::size_t kMaxFacetValues = 20;

struct SearchResults {
    std::string parsed;                 // the query as the parser read it
    std::string xapian_query;           // Xapian's description of the query over the articles
    std::string feedback_query;         // ... of the feedback query, when feedback ran
    std::vector<std::string> warnings;  // how a malformed query was read, spelling
    // Words in no article, with their nearest indexed spellings: when the
    // query as typed matches, `suggestion` is the query with them corrected;
    // when it matches nothing, the corrected query ran and is `corrected_query`.
    std::string suggestion;
    std::string corrected_query;
    Xapian::doccount total = 0;         // matching articles
    bool total_exact = false;           // false: `total` is Xapian's estimate
    std::vector<Hit> hits;
    std::optional<Facets> facets;       // when SearchRequest::facets
    // Remote shards left out of the search, unreachable (UnreachableShards::skip).
    std::vector<std::string> unreachable_shards;
};

// What to tell the user of a shard left out (SearchResults::unreachable_shards).
[[nodiscard]] auto unreachable_shard_note(const std::string& shard) -> std::string;

// An article as stored, with what a query marks in it (a reading view).
struct ArticleView {
    std::string id;  // key, 16 hex digits
    ArticleData data;  // with its passages
    Highlights title_highlights, body_highlights;  // byte ranges; empty without a query
};

// Opens the database for reading. Throws DatabaseMissingError (with the
// command that creates it) or DatabaseError.
[[nodiscard]] auto open_database(const std::string& path) -> Xapian::Database;

// A remote shard's address, `tcp://HOST:PORT` (an IPv6 host in brackets), as
// xapian-tcpsrv serves it. nullopt for anything else (a folder, a stub file);
// throws DatabaseError for a tcp:// address without a host or a valid port.
struct RemoteAddress {
    std::string host;
    unsigned port = 0;
};
[[nodiscard]] auto remote_address(const std::string& path) -> std::optional<RemoteAddress>;

// The databases `path` names: itself (a folder or a tcp:// address), or those
// a stub file lists, in Xapian's stub format: lines `auto FOLDER` (relative
// to the stub file) and `remote HOST:PORT` (a shard served by xapian-tcpsrv,
// returned as tcp://HOST:PORT); `#` comments. Throws DatabaseError for a stub
// file that is unreadable or lists anything else.
[[nodiscard]] auto database_paths(const std::string& path) -> std::vector<std::string>;

// What a search does when a remote shard cannot be reached.
enum class UnreachableShards {
    fail,  // ShardUnreachableError naming the shard
    skip,  // search the others, with a warning naming the missing shard
};

// Runs queries on one database, or on several searched as one (Xapian's
// multi-database search: one match over all, with the statistics of the
// whole), local folders or remote shards. Cheap to run many queries on; not
// thread-safe: one per thread.
class Searcher {
  public:
    // Throws as open_database, or ShardUnreachableError. A path may be a
    // stub file or a tcp:// address (database_paths).
    explicit Searcher(const std::string& path);
    explicit Searcher(const std::vector<std::string>& paths, UnreachableShards unreachable = UnreachableShards::fail);

    // Throws QueryError for an unusable query. A search first moves to the
    // latest committed revision (a long-lived Searcher sees each commit of the
    // indexer, and a database rebuilt and swapped in); one that finds the
    // database changed under it (the indexer committed meanwhile) reopens it
    // and runs again, so its results come from one revision.
    [[nodiscard]] auto search(const SearchRequest& request) -> SearchResults;

    // The article with key `id`, and what `query` marks in it (nothing when
    // empty); nullopt when no article has that key. Throws QueryError for an
    // unusable query. At the latest committed revision, as search().
    [[nodiscard]] auto article(const std::string& id, const std::string& query = {}) -> std::optional<ArticleView>;

    // Moves to the latest committed revision (a rebuilt index too).
    void refresh();

    [[nodiscard]] auto database() const -> const Xapian::Database& { return db_; }

  private:
    [[nodiscard]] auto stats() const -> IndexStats;  // summed over the databases
    void move_to_latest();
    [[nodiscard]] auto failing_shard() -> std::string;  // the first remote shard not answering (else all names)
    // `body` on a database that changed under it: reopened and run again (search()).
    template <typename Body>
    auto retrying(Body body) -> decltype(body());
    auto run(const SearchRequest& request) -> SearchResults;
    auto run(const SearchRequest& request, Spelling spelling, std::vector<Correction>& corrections) -> SearchResults;

    std::vector<std::string> paths_;         // database folders and tcp:// addresses
    std::string path_;                       // their names, for messages
    UnreachableShards unreachable_;
    std::vector<Shard> shards_;              // one handle each, for their own metadata and posting lists
    std::vector<std::string> missing_;       // shards left out, unreachable (UnreachableShards::skip)
    std::chrono::steady_clock::time_point missing_checked_;  // when they were last tried
    Xapian::Database db_;                    // all of them
    std::string uuid_;  // of db_: another one is another database (rebuilt aside)
    Analyzer analyzer_;
};

}  // namespace fts
