// Turns a parsed query into a Xapian::Query over the article documents, with
// the shared analyzer and the term helpers of index/terms.hpp, and into the
// patterns its positive body parts make (query/pattern.hpp): what passages
// are scored by and snippets highlight.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/index/variants.hpp"
#include "fts/query/pattern.hpp"
#include "fts/query/query_parser.hpp"

namespace fts {

enum class DefaultOperator { any, all };

// One scored leaf of the query (a word or phrase, in any field), for --explain.
struct ScoredPart {
    std::string label;  // as typed, with its field: sanction, "six party talks", title:russia
    Xapian::Query query;
};

// A bare word in no article (or found only through another form of its
// stem), and the indexed word nearest to it.
struct Correction {
    std::string typed;    // as typed in the query
    std::string nearest;  // query/spelling.hpp
    // The corrected query may search `nearest` instead. Not for a word the
    // index has another form of (goverment: its stem finds "governess"): its
    // correction is only offered.
    bool replaces = true;
};

// What the builder does with a bare word that no article contains.
enum class Spelling {
    as_typed,  // searches it as typed
    suggest,   // searches it as typed and records its correction
    correct,   // searches its correction where it replaces, records it and says so in a note
};

struct BuiltQuery {
    Xapian::Query query;
    std::vector<Pattern> patterns;       // positive body parts, in query order
    std::vector<Pattern> title_patterns; // positive title: words and phrases, which mark titles only
    std::vector<ScoredPart> parts;       // every positive scored leaf
    std::vector<std::string> notes;      // how the query was read beyond what was typed
    std::vector<Correction> corrections; // Spelling::suggest and ::correct
};

// How many indexed words one prefix (`Pyong*`) may stand for; past it the
// query is refused with a message (a longer prefix narrows it).
inline constexpr std::size_t kMaxPrefixWords = 500;

class QueryBuilder {
  public:
    // `db` (may be null) gives each word pattern the indexed forms of its stem
    // (Pattern::forms: NEAR and passage scores need positions, which stems do
    // not have), and finds the nearest indexed spelling of a bare word that
    // no article contains (`spelling`).
    QueryBuilder(Analyzer& analyzer, const Xapian::Database* db, DefaultOperator default_op,
                 Spelling spelling = Spelling::as_typed)
        : analyzer_(analyzer), db_(db), variants_(db ? read_variants(*db) : VariantTable()), default_op_(default_op), spelling_(spelling) {}

    // Throws QueryError when the query has nothing to search for ("--", "\"\"").
    [[nodiscard]] auto build(const QueryNode& root) -> BuiltQuery;

  private:
    auto node(const QueryNode& n, bool positive) -> Xapian::Query;
    auto query_tokens(std::string_view text) -> std::vector<Token>;  // analysed, Hangul tails left out
    auto text_query(const QueryNode& n, bool positive) -> Xapian::Query;
    auto prefix_query(const QueryNode& n, bool positive) -> std::optional<Xapian::Query>;
    auto near_query(const QueryNode& n, bool positive) -> Xapian::Query;
    auto juxtaposed(const QueryNode& n, bool positive) -> Xapian::Query;
    auto surface_forms(std::string_view prefix, const Token& token) -> std::vector<std::string>;
    // `forms`: the indexed forms when already looked up (else looked up here).
    auto word_pattern(const Token& token, bool loose, std::string label,
                      std::optional<std::vector<std::string>> forms = std::nullopt) -> Pattern;
    // Exact words in order, each matching its alternatives (phrase_alternatives in query_builder.cpp).
    auto phrase_pattern(const std::vector<Token>& tokens, std::string label,
                        const std::vector<std::vector<std::string>>& alternatives) -> Pattern;
    auto respell_if_unknown(const QueryNode& n, std::vector<Token>& tokens) -> std::optional<std::string>;
    void note_once(std::string note);  // a note of the query, said once however often its word comes

    Analyzer& analyzer_;
    const Xapian::Database* db_;
    VariantTable variants_;  // of db_ (index/variants.hpp)
    DefaultOperator default_op_;
    Spelling spelling_;
    std::vector<Correction> corrections_;
    std::vector<Xapian::Query> evidence_;  // ranks what the query matches, matches nothing itself
    std::vector<Pattern> patterns_;
    std::vector<Pattern> title_patterns_;
    std::vector<std::string> notes_;
    std::vector<ScoredPart> parts_;
    std::vector<Xapian::Query> dashed_parts_;  // loose parts of bare dashed words
};

// Weight of the parts of a dashed word, relative to the word itself: chosen on
// the SciFact train split (bench/README.md).
inline constexpr double kDashedPartWeight = 0.6;
// Spelling::suggest: the correction of a word of at least this many letters
// (code points) ranks the articles the rest of the query finds, at this weight.
inline constexpr std::size_t kMinRankedCorrectionLetters = 10;
inline constexpr double kCorrectionWeight = 1.0;

// Articles whose date lies within [from, to] (inclusive, either may be open):
// every day the article's date can mean (a year, a month, a day) is in range.
[[nodiscard]] auto date_filter(const std::optional<Date>& from, const std::optional<Date>& to) -> Xapian::Query;

// True when a query is a pure filter (author:, source:, date:, or a group of them) that adds no weight.
[[nodiscard]] auto is_filter(const QueryNode& n) -> bool;

}  // namespace fts
