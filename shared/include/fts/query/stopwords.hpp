// English and Russian function words: dropped from bare query words side by
// side, and never chosen as feedback terms. They add little evidence and cost query time.
#pragma once

#include <string_view>

namespace fts {

// `word` is a normalised (case-folded) word or the stem of one.
[[nodiscard]] auto is_stopword(std::string_view word) -> bool;

}  // namespace fts
