// Search: run a query over the passage index and return ranked, snippeted hits.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/document/article.hpp"
#include "fts/index/passage_documents.hpp"
#include "fts/query/query_builder.hpp"
#include "fts/snippet/snippet.hpp"

namespace fts {

// How the whole-article evidence is weighted.
enum class ArticleModel {
    bm25,  // Xapian::BM25Weight with k1 and b, like the passages
    bb2,   // Xapian::BB2Weight (divergence from randomness) with bb2_c
};

// Pseudo-relevance feedback for the hits after the first page: the stems that
// best set the top `articles` articles apart from the collection (Xapian's
// expansion set; the query's own words left out) form a second query over the
// whole articles; its weight under the article model, times `weight`, is added
// to the score of every hit after the first `after`, which are then re-ranked.
// The first page stays the query's own ranking; further down, articles written
// in the best hits' vocabulary rise even where they use other words than the
// query. weight 0 turns it off. Figures that chose the defaults: bench/README.md.
struct FeedbackOptions {
    std::size_t after = 10;
    std::size_t articles = 3;
    std::size_t terms = 30;
    double weight = 0.3;
};

// Ranking parameters. An article's score is the BM25 of its best passage plus
// article_weight times the weight of the whole article (its article document)
// under article_model; with --passages each passage scores the same way.
// BM25 (Xapian::BM25Weight) uses k1 for term-frequency saturation and b for
// length normalisation. Defaults and the figures that chose them: bench/README.md.
struct RankingOptions {
    double k1 = 1.0;
    double b = 0.5;
    double article_weight = 1.5;
    ArticleModel article_model = ArticleModel::bb2;
    double bb2_c = 1.0;  // BB2's length normalisation: larger c, weaker normalisation
    // Each of the two ranked lists (best passages, whole articles) contributes
    // its top max(candidates, offset + limit) before they are combined.
    std::size_t candidates = 100;
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
    DefaultOperator default_op = DefaultOperator::any;
    bool explain = false;        // fill Hit::parts
    bool correct_spelling = true;  // a bare word in no article is searched as its nearest indexed spelling
    RankingOptions ranking;
    SnippetOptions snippet;
};

struct ScoreShare {
    std::string label;
    double weight = 0;
};

struct Hit {
    std::size_t rank = 0;  // 1-based, counting the offset
    double score = 0;
    PassageRecord record;
    Snippet snippet;
    double passage_score = 0;        // BM25 of the passage (after the boilerplate factor)
    double article_score = 0;        // weight of the whole article (RankingOptions::article_model)
    double feedback_score = 0;       // weight of the whole article for the feedback query (past the first page)
    std::vector<ScoreShare> parts;   // --explain: each query part's BM25 weight in the passage
    std::vector<ScoreShare> article_parts;  // --explain: ... and in the whole article
    std::string explain_note;       // --explain: how the parts add up
};

struct SearchResults {
    std::string parsed;                 // the query as the parser read it
    std::string xapian_query;           // Xapian's description of the built query
    std::vector<std::string> warnings;  // how a malformed query was read
    Xapian::doccount estimated = 0;     // matching articles (or passages with all_passages), estimated
    std::vector<Hit> hits;
};

// Opens the database for reading. Throws DatabaseMissingError (with the
// command that creates it) or DatabaseError.
[[nodiscard]] auto open_database(const std::string& path) -> Xapian::Database;

// Throws QueryError for an unusable query.
[[nodiscard]] auto search(const Xapian::Database& db, const SearchRequest& request) -> SearchResults;

}  // namespace fts
