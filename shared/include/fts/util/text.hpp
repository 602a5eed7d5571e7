// Small ASCII string helpers shared by the document readers.
#pragma once

#include <string>
#include <string_view>

namespace fts {

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
[[nodiscard]] auto ascii_lower(std::string_view s) -> std::string;

// Without leading and trailing ASCII whitespace.
[[nodiscard]] auto trim(std::string_view s) -> std::string_view;

}  // namespace fts
