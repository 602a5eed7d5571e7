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

// Length of the valid UTF-8 sequence starting at text[i] (1 to 4), or 0 when
// the bytes there are not one (RFC 3629: no overlongs, surrogates or beyond U+10FFFF).
[[nodiscard]] auto utf8_sequence_length(std::string_view text, std::size_t i) -> std::size_t;

// Code points in valid UTF-8 (the bytes that do not continue a sequence).
[[nodiscard]] auto code_point_count(std::string_view text) -> std::size_t;

// The text as it may go to a terminal: control characters (C0, DEL, C1: an
// escape sequence could move the cursor or retitle the window), bidirectional
// overrides and isolates (U+202A..E, U+2066..9) and bytes that are not UTF-8
// become visible escapes ("\x1b", "\xe9", "\u0085", "\u202e"); line breaks
// and tabs become spaces.
[[nodiscard]] auto terminal_text(std::string_view text) -> std::string;


}  // namespace fts
