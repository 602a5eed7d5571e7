// UTF-8 validation and repair.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fts {

struct Utf8Repair {
    std::string text;             // valid UTF-8
    std::size_t replaced = 0;     // invalid sequences replaced by U+FFFD
    std::size_t first_bad = 0;    // byte offset of the first invalid sequence (if replaced > 0)
};

// Replaces each maximal invalid subsequence by U+FFFD (as ICU and browsers do),
// drops NUL bytes and normalises CRLF/CR line ends to LF.
[[nodiscard]] auto repair_utf8(std::string_view bytes) -> Utf8Repair;

// Largest prefix length <= max_bytes that does not cut a UTF-8 sequence.
[[nodiscard]] auto utf8_prefix_length(std::string_view text, std::size_t max_bytes) -> std::size_t;

}  // namespace fts
