// Token filters: each rewrites token text (or drops tokens), never offsets.
//
// The default chain is NormalizeFilter then StemFilter. Filters choose what to
// do per token by script, so a Russian word in an English article is stemmed
// as Russian, and Hangul or Han words pass through unstemmed.
#pragma once

#include <memory>
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
// and underscores at either end of a token are removed ("_emphasis_").
// Tokens left empty are dropped.
class NormalizeFilter final : public TokenFilter {
  public:
    void apply(std::vector<Token>& tokens) override;
};

// Sets Token::stem with Xapian's Snowball stemmers: English for Latin-script
// letter tokens, Russian for Cyrillic ones. Numbers, Hangul and Han are not
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
