// Splits UTF-8 text into word tokens with ICU word boundaries.
//
// Offsets are UTF-8 byte offsets into the input (ICU runs over a UTF-8 UText,
// so there is no UTF-16 round trip). Spaces and punctuation are dropped; dashes
// (U+2010..U+2015, U+2212, '-') and '/' always end a word, so "Rajin-Hasan"
// gives two tokens at consecutive positions, exactly like "Rajin Hasan".
// Token text is the source bytes unchanged; normalisation is a filter's job.
//
// Thread safety: a Tokenizer holds an ICU break iterator; use one per thread.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "fts/analysis/token.hpp"

namespace fts {

class Tokenizer {
  public:
    virtual ~Tokenizer() = default;
    [[nodiscard]] virtual auto tokenize(std::string_view utf8) -> std::vector<Token> = 0;
};

class IcuWordTokenizer final : public Tokenizer {
  public:
    IcuWordTokenizer();
    ~IcuWordTokenizer() override;
    IcuWordTokenizer(const IcuWordTokenizer&) = delete;
    auto operator=(const IcuWordTokenizer&) -> IcuWordTokenizer& = delete;

    // REQUIRES: utf8 is valid UTF-8 (invalid input is repaired upstream).
    [[nodiscard]] auto tokenize(std::string_view utf8) -> std::vector<Token> override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Sentence spans [begin, end) in byte offsets, by ICU sentence boundaries.
// Trailing whitespace is trimmed from each span; empty spans are dropped.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};
[[nodiscard]] auto split_sentences(std::string_view utf8) -> std::vector<Span>;

// Characters as a reader counts them (grapheme clusters, by ICU): a Hangul
// syllable, a letter with its accents, an emoji with its modifiers are one.
class Graphemes {
  public:
    explicit Graphemes(std::string_view utf8);
    // Characters in [begin, end) (byte offsets).
    [[nodiscard]] auto count(std::size_t begin, std::size_t end) const -> std::size_t;
    // The byte offset `n` characters after `begin` (or the end of the text).
    [[nodiscard]] auto advance(std::size_t begin, std::size_t n) const -> std::size_t;

  private:
    [[nodiscard]] auto index(std::size_t byte) const -> std::size_t;  // characters before `byte`
    std::vector<std::size_t> bounds_;  // byte offset of every boundary, 0 and the size included
};

}  // namespace fts
