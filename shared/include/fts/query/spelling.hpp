// Spelling fallback: the indexed word nearest to a query word that no article
// contains ("microenviroment" -> "microenvironment").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace fts {

// Edit distance counting insertions, deletions, substitutions and swaps of
// neighbours (optimal string alignment), over code points of valid UTF-8.
// Stops early: any distance above `limit` is returned as limit + 1.
[[nodiscard]] auto edit_distance(std::string_view a, std::string_view b, std::size_t limit) -> std::size_t;

// How far a word of this many code points may be from its correction: words
// shorter than 6 are never corrected (acronyms, gene names, and too many short
// words lie one edit apart), up to 9 by one edit, longer ones by two.
[[nodiscard]] auto max_correction_distance(std::size_t code_points) -> std::size_t;

// The indexed word (an unprefixed term) nearest to `word`, a normalised word
// of letters that the index does not contain: the fewest edits within
// max_correction_distance, then the smallest change of length (swapped and
// mistyped letters are likelier than dropped ones: `casues` is `causes`, not
// `cases`), then the most documents, then the smallest. Only
// words that begin with the first or second letter of `word` are considered,
// so a typo in the first letter other than a swap is not corrected. Words
// with digits are never corrected (`IL7` is not a typo of `IL6`).
[[nodiscard]] auto nearest_indexed_word(const Xapian::Database& db, std::string_view word) -> std::optional<std::string>;

}  // namespace fts
