// Token filters: each rewrites token text (or drops tokens), never offsets.
//
// The default chain is NormalizeFilter then StemFilter. Filters choose what to
// do per token by script, so a Russian word in an English article is stemmed
// as Russian, and Hangul or Han words pass through unstemmed.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "fts/analysis/token.hpp"

namespace fts {

class TokenFilter {
  public:
    virtual ~TokenFilter() = default;
    // Rewrites or drops tokens; never changes begin/end.
    virtual void apply(std::vector<Token>& tokens) = 0;
};

// NFKC normalisation with Unicode case folding; the diacritics of Latin
// letters are folded ("café" = "cafe") and Russian ё is е, while letters
// distinct in their language stay (Cyrillic й); every apostrophe variant
// (U+2019, U+2018, U+02BC, U+FF07, U+0060, U+00B4) becomes "'"; apostrophes
// and underscores at either end of a token are removed ("_emphasis_"), and so
// is the possessive "'s" of a Latin word ("Korea's" is "korea": phrases and
// dashed names find their possessive forms). A number is written one way:
// without grouping commas (28,500 is 28500) and with a decimal point (47,9 is
// 47.9). Tokens left empty are dropped.
class NormalizeFilter final : public TokenFilter {
  public:
    void apply(std::vector<Token>& tokens) override;
};

// Korean is written in space-separated phrases (eojeol) whose nouns carry
// particles and endings (외무상과, 외무상을, 북한의), and North Korean sources
// spell and space some words otherwise than South Korean ones (로동/노동,
// 녀성/여성; 법집행/법 집행). The Hangul syllables of each token become
// overlapping bigrams at consecutive positions (외무상과: 외무 무상 상과, then
// the tail 과 alone), so a word is the phrase of its bigrams and is found
// inside any longer form; a one-syllable run stays one token. Before that the
// initial-sound rule of South Korean spelling is applied to the first
// syllable of each phrase (ㄹ before i/y becomes ㅇ and before other vowels ㄴ;
// ㄴ before i/y becomes ㅇ), so both orthographies give the same terms.
// Letters and digits in the same token (White로, 1년) become tokens of their own.
class HangulFilter final : public TokenFilter {
  public:
    void apply(std::vector<Token>& tokens) override;
};

// U+AC00..U+D7A3, the precomposed syllables: three bytes each in UTF-8.
[[nodiscard]] auto is_hangul_syllable(char32_t c) -> bool;
inline constexpr std::size_t kSyllableBytes = 3;
// Whether `utf8` is one Hangul syllable, or starts with one.
[[nodiscard]] auto is_one_syllable(std::string_view utf8) -> bool;
[[nodiscard]] auto starts_with_syllable(std::string_view utf8) -> bool;

// Sets Token::stem with Xapian's Snowball stemmers: English for Latin-script
// letter tokens, Russian for Cyrillic ones (keeping the н of nouns such as
// Иран and Пхеньян, which Snowball drops from some of their forms only). Numbers, Hangul and Han are not
// stemmed (stem stays empty), so "2003" is the same term at index and query time.
class StemFilter final : public TokenFilter {
  public:
    StemFilter();
    ~StemFilter() override;
    void apply(std::vector<Token>& tokens) override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fts
