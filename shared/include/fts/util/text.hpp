// Small string helpers shared by the document readers and the printers.
#pragma once

#include <string>
#include <string_view>

namespace fts {

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
[[nodiscard]] auto ascii_lower(std::string_view s) -> std::string;

// Without leading and trailing ASCII whitespace.
[[nodiscard]] auto trim(std::string_view s) -> std::string_view;

// Whether the text's first character is an upper-case letter (Carter, Москва).
[[nodiscard]] auto starts_with_capital(std::string_view s) -> bool;

// The text with its first character upper-cased (sanctions: Sanctions), for valid UTF-8.
[[nodiscard]] auto capitalise_first(std::string_view s) -> std::string;

// Why `text` is not a whole number in [low, high] ("'x' is not a whole
// number", "99 is out of range: give a whole number from 1 to 10"), or empty
// when it is one: the command-line options and the HTTP API say it alike.
[[nodiscard]] auto whole_number_error(const std::string& text, long long low, long long high) -> std::string;

// `value` with exactly `decimals` digits after the point ("%.*f").
[[nodiscard]] auto fixed(double value, int decimals) -> std::string;

}  // namespace fts
