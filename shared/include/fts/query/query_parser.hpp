// The query language, parsed into a small syntax tree.
//
//   word            stem-matched: sanction finds sanctions
//   "a phrase"      exact words in this order
//   Rajin-Hasan     a word with dashes or slashes is a phrase of its parts
//   a AND b, a OR b, a NOT b, NOT a, +a, -a, ( ... )
//   a NEAR/3 b      within 3 words of each other, any order (NEAR alone: 10)
//   title:word  title:"a phrase"   scored, in the title
//   author:name  source:name       filters
//   date:2017  date:2017-02..2019  date:..2019-06-30  date:2020..   filters
//
// Precedence, loosest first: OR, then words side by side (the default
// operator), then AND, then NOT, then NEAR. Operators are upper case; an
// operator word with nothing to apply to ("NOT" alone, "AND" at either end) is
// searched as an ordinary word, and a field with nothing after it ("title:")
// is ignored. An unclosed quote or parenthesis is closed at the end of the
// query and a stray ")" is ignored. Each of these comes with a warning.
//
// Bounds: a query of at most kMaxQueryBytes bytes and kMaxQueryWords words
// (runs of non-space), NEAR distances from 1 to kMaxNearDistance; past them
// the query is refused with QueryError saying the limit.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fts/document/article.hpp"

namespace fts {

inline constexpr std::size_t kMaxQueryBytes = 4096;
inline constexpr std::size_t kMaxQueryWords = 200;
inline constexpr unsigned kMaxNearDistance = 100;

enum class Field { body, title, author, source };

struct QueryNode {
    enum class Kind {
        word,        // text: one word as typed (may analyse to several tokens)
        phrase,      // text: the words inside quotes
        date_range,  // from/to
        all_of,      // AND
        any_of,      // OR
        but_not,     // children[0] AND NOT children[1]
        near,        // children: words or phrases; distance
        juxtaposed,  // words side by side: combined with the default operator
        match_all,   // every passage (a query of only negative parts)
    };
    enum class Modifier { none, required, prohibited };

    Kind kind = Kind::word;
    Field field = Field::body;
    Modifier modifier = Modifier::none;  // +x / -x inside a juxtaposed group
    std::string text;
    std::optional<Date> from, to;        // date_range bounds, inclusive; either may be open
    unsigned distance = 10;              // near
    std::vector<std::unique_ptr<QueryNode>> children;

    // A readable form for --explain, e.g. (Rajin-Hasan OR "six party")
    [[nodiscard]] auto describe() const -> std::string;
};

struct ParsedQuery {
    std::unique_ptr<QueryNode> root;
    std::vector<std::string> warnings;  // how a malformed query was read
};

// Throws QueryError for a query with nothing to search (empty or blank), past
// the bounds above, for a NEAR/N with another N and for an unreadable date in date:.
[[nodiscard]] auto parse_query(const std::string& text) -> ParsedQuery;

// "2017" -> 2017-01-01 (or 2017-12-31 when `end`), "2017-02" -> 2017-02-01
// (or -28), "2017-02-03" as is. Throws QueryError for anything else.
[[nodiscard]] auto parse_date_bound(const std::string& text, bool end) -> Date;

}  // namespace fts
