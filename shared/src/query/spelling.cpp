#include "fts/query/spelling.hpp"

#include <algorithm>

#include "fts/util/utf8.hpp"

namespace fts {

auto max_correction_distance(std::size_t code_points) -> std::size_t {
    if (code_points < 6) return 0;
    return code_points < 10 ? 1 : 2;
}

auto nearest_indexed_word(const Xapian::Database& db, std::string_view word) -> std::optional<std::string> {
    const auto has_digit = [](std::string_view s) { return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
    if (word.empty() || has_digit(word)) return std::nullopt;
    const std::size_t limit = max_correction_distance(code_point_count(word));
    if (limit == 0) return std::nullopt;
    std::string suggestion = db.get_spelling_suggestion(std::string(word), static_cast<unsigned>(limit));
    // The table counts words, not articles: a word it still lists may be in none.
    if (suggestion.empty() || suggestion == word || has_digit(suggestion) || !db.term_exists(suggestion)) return std::nullopt;
    return suggestion;
}

}  // namespace fts
