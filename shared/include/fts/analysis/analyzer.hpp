// The analyzer: a tokenizer followed by a chain of token filters.
//
// One analyzer is used by the indexer, the query builder and the snippet
// highlighter, so a word is always turned into the same terms. Positions are
// renumbered 0..n-1 after the filters run (a dropped token leaves no gap).
//
// Thread safety: not thread-safe; build one per thread (make_default_analyzer
// is cheap enough to call per worker).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "fts/analysis/filters.hpp"
#include "fts/analysis/token.hpp"
#include "fts/analysis/tokenizer.hpp"

namespace fts {

class Analyzer {
  public:
    Analyzer(std::unique_ptr<Tokenizer> tokenizer, std::vector<std::unique_ptr<TokenFilter>> filters);

    [[nodiscard]] auto analyze(std::string_view utf8) -> std::vector<Token>;

    // The compounds of analysed words: every run of 2 to kMaxCompoundWords
    // words joined by dashes, written as one token ("IL-6" -> "il6",
    // "Jong-un" -> "jongun", "non-G-rich" -> "nong", "nongrich", "grich"),
    // through the same filters, at the position of the run's first word. So
    // "IL6" finds "IL-6" and the other way round. Runs where two numbers meet
    // ("2003-2007", "3-4") make none: "34" must not find "3-4".
    [[nodiscard]] auto compounds(const std::vector<Token>& words) -> std::vector<Token>;

    // The bigrams that join Hangul runs written with a space between ("법
    // 집행": 법집), each at the position of the earlier run's last token, so
    // that "법집행" and "법 집행" are the same phrase of bigrams whichever way
    // the text and the query space them.
    [[nodiscard]] static auto spaced_bigrams(const std::vector<Token>& words) -> std::vector<Token>;

    // The first syllable of a Hangul run written on to digits, Latin letters
    // or Hanja (2397호의, 6자회담, 에너지省의), as a token of its own at the
    // run's first position, so that the phrase "2397호" finds it.
    [[nodiscard]] static auto attached_syllables(const std::vector<Token>& words) -> std::vector<Token>;

    // The parts of a word written with dots or an at sign (Amazon.com,
    // bbc.co.uk, example.org; parts of two letters or more), through the same
    // filters, at the word's position: "amazon" finds "Amazon.com". A part
    // spans its bytes of `source` (the analysed text) where the word's
    // normalised text keeps its separators' places, the whole word otherwise.
    [[nodiscard]] auto address_parts(std::string_view source, const std::vector<Token>& words) -> std::vector<Token>;

    // The figure of a word written on to its unit (1.2bn, 47.9m, 10km, 1990s),
    // through the same filters, at the word's position: "1.2" finds "$1.2bn"
    // and "1990" finds "the 1990s" (an address part of 1.2bn would be "2bn").
    [[nodiscard]] auto figures(const std::vector<Token>& words) -> std::vector<Token>;

    // The words followed by their compounds, spaced bigrams, attached
    // syllables, address parts and figures: every token the index holds for a text.
    [[nodiscard]] auto analyze_for_index(std::string_view utf8) -> std::vector<Token>;

    static constexpr std::size_t kMaxCompoundWords = 4;

  private:
    std::unique_ptr<Tokenizer> tokenizer_;
    std::vector<std::unique_ptr<TokenFilter>> filters_;
};

// How many of `tokens` (as analyze_for_index gives them: words, then tokens
// at the words' positions) are words; tokens[k] is the word at position k.
[[nodiscard]] auto word_count(const std::vector<Token>& tokens) -> std::size_t;

// ICU word tokenizer + NormalizeFilter + HangulFilter + StemFilter. Changing what this
// produces changes the index format: bump kAnalyzerVersion in index/terms.hpp.
[[nodiscard]] auto make_default_analyzer() -> Analyzer;

}  // namespace fts
