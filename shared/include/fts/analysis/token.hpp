// A token: one word of the source text, normalised, with its place in the source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace fts {

// What ICU's word-break rules say a token is; decides which filters apply.
enum class TokenKind : std::uint8_t {
    letter,       // alphabetic (Latin, Cyrillic, Hangul, ...), may contain digits ("3rd")
    number,       // digits with inner separators: "28,500", "47.9"
    ideographic,  // Han, Kana: no stemming
    hangul,       // Korean: two syllables overlapping the next token by one (HangulFilter)
};

// What separates a token from the previous one in the source: nothing or
// other characters (none), only dashes (dash), dashes and a slash (slash), or
// only white space within a paragraph (space).
enum class Join : std::uint8_t { none, dash, slash, space };

struct Token {
    std::string text;            // normalised form; filters rewrite only this and `stem`
    std::string stem;            // stemmed form, empty when no stemmer applies
    std::size_t begin = 0;       // UTF-8 byte offset of the first byte in the source
    std::size_t end = 0;         // one past the last byte in the source
    std::uint32_t position = 0;  // word position (0-based, consecutive), for phrases
    TokenKind kind = TokenKind::letter;
    // How this token is joined to the previous one with no space between:
    // by a dash ("Rajin-Hasan", "2003-2007") or a slash ("and/or").
    Join join = Join::none;
    // 1 for a word; n for a compound: n dash-joined words written as one
    // ("IL-6" -> "il6"), which sits at the position of its first word.
    std::uint32_t words = 1;
    // A Hangul run of two or more syllables ends with its last syllable
    // alone, so that a one-syllable query finds it there; a query of the run
    // leaves it out (the bigram before it holds that syllable).
    bool tail = false;
};

}  // namespace fts
