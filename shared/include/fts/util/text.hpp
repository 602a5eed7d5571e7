// Small string helpers shared by the document readers and the printers.
#pragma once

#include <string>
#include <string_view>

namespace fts {

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
[[nodiscard]] auto ascii_lower(std::string_view s) -> std::string;

// Without leading and trailing ASCII whitespace.
[[nodiscard]] auto trim(std::string_view s) -> std::string_view;

// `value` with exactly `decimals` digits after the point ("%.*f").
[[nodiscard]] auto fixed(double value, int decimals) -> std::string;

}  // namespace fts
