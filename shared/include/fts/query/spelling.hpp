// Spelling fallback: the indexed word nearest to a query word that no article
// contains ("microenviroment" -> "microenvironment"), from the index's spelling
// table (index/terms.hpp: the words of its articles, with their frequencies).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace fts {

// How far a word of this many code points may be from its correction: words
// shorter than 6 are never corrected (acronyms, gene names, and too many short
// words lie one edit apart), up to 9 by one edit, longer ones by two. An edit
// is a letter inserted, dropped or changed, or two neighbours swapped.
[[nodiscard]] auto max_correction_distance(std::size_t code_points) -> std::size_t;

// The indexed word nearest to `word`, a normalised word that the index does
// not contain: Xapian's spelling suggestion within max_correction_distance
// (the fewest edits, then the most frequent word), when that word is still
// in some article. Words with digits are never corrected (`IL7` is not a
// typo of `IL6`).
[[nodiscard]] auto nearest_indexed_word(const Xapian::Database& db, std::string_view word) -> std::optional<std::string>;

}  // namespace fts
