// Turns a parsed query into a Xapian::Query over the passage index, with the
// shared analyzer and the term helpers of index/terms.hpp, and says which
// words of a passage the query matched (for highlighting).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/query/query_parser.hpp"

namespace fts {

enum class DefaultOperator { any, all };

// A positive body-text match to highlight: one word (matched by stem when
// `loose`, else exactly) or a phrase of exact words (highlighted only where
// the whole phrase occurs).
struct MatchPattern {
    std::vector<std::string> terms;  // index terms, as terms::loose / terms::exact spell them
    bool loose = false;              // single word matched by its stem
    std::string label;               // what the user typed, for --explain
    double scale = 1.0;              // share of its weight the query gives it (parts of dashed words: less)
};

// One scored leaf of the query (a word or phrase, in any field), for --explain.
struct ScoredPart {
    std::string label;  // as typed, with its field: sanction, "six party talks", title:russia
    Xapian::Query query;
};

struct BuiltQuery {
    Xapian::Query query;
    std::vector<MatchPattern> patterns;  // body matches to highlight
    std::vector<ScoredPart> parts;       // every positive scored leaf
    std::vector<std::string> notes;      // how the query was read beyond what was typed (spelling)
};

class QueryBuilder {
  public:
    // `db` (may be null) lets NEAR find every indexed form of a word's stem,
    // and, with `correct_spelling`, a bare word that no article contains be
    // searched as its nearest indexed spelling (query/spelling.hpp).
    QueryBuilder(const Analyzer& analyzer, const Xapian::Database* db, DefaultOperator default_op,
                 bool correct_spelling = false)
        : analyzer_(analyzer), db_(db), default_op_(default_op), correct_spelling_(correct_spelling) {}

    // Throws QueryError when the query has nothing to search for ("--", "\"\"").
    [[nodiscard]] auto build(const QueryNode& root) -> BuiltQuery;

  private:
    auto node(const QueryNode& n, bool positive) -> Xapian::Query;
    auto text_query(const QueryNode& n, bool positive) -> Xapian::Query;
    auto near_query(const QueryNode& n, bool positive) -> Xapian::Query;
    auto juxtaposed(const QueryNode& n, bool positive) -> Xapian::Query;
    auto surface_forms(const Token& token) -> Xapian::Query;
    auto respell_if_unknown(const QueryNode& n, std::vector<Token>& tokens) -> std::optional<std::string>;

    const Analyzer& analyzer_;
    const Xapian::Database* db_;
    DefaultOperator default_op_;
    bool correct_spelling_;
    std::vector<MatchPattern> patterns_;
    std::vector<std::string> notes_;
    std::vector<ScoredPart> parts_;
    std::vector<Xapian::Query> dashed_parts_;  // loose parts of bare dashed words
};

// Weight of the parts of a dashed word, relative to the word itself: chosen on
// the SciFact train split (bench/README.md).
inline constexpr double kDashedPartWeight = 0.6;

// True when a query is a pure filter (author:, source:, date:, or a group of them) that adds no weight.
[[nodiscard]] auto is_filter(const QueryNode& n) -> bool;

}  // namespace fts
