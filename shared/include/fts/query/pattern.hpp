// Patterns: the positive body parts of a query as they occur in text, word
// position by word position. Passages are scored by them (from the index's
// position lists) and snippets highlight them (from the passage's tokens),
// with one matcher, so what is highlighted is what satisfied the query.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fts/analysis/token.hpp"

namespace fts {

struct Pattern {
    enum class Kind {
        word,    // one token spelling `term`
        phrase,  // children (words) at consecutive positions
        any,     // any of the children (a dashed word: its phrase, or its compound); scores as the best of them
        near,    // every child within `window` positions of the others, in any order
    };
    Kind kind = Kind::word;
    std::string term;                 // word: terms::loose("", token) when `loose`, else terms::exact("", token)
    bool loose = false;               // word: matched by its stem
    bool prefix = false;              // word: matched by every word that starts with `term` (Pyong*)
    std::vector<std::string> forms;   // word: the indexed exact terms that spell it (filled by the searcher)
    std::vector<std::string> variants;  // word: other terms (as `term` is spelt) that match it: spelling
                                        // variants, a Hangul bigram across a space (terms::spaced)
    std::vector<Pattern> children;
    std::uint32_t window = 0;         // near: positions the occurrences of all children must fit in
    std::string label;                // what the user typed, for --explain
    double scale = 1.0;               // share of its weight the query gives it (parts of dashed words: less)
    bool highlight = true;            // false: parts of dashed words, which rank but are not marked
    bool evidence = false;            // scores only in a passage something else matched
    double idf = 0;                   // inverse document frequency (filled by the searcher)
};

// Word positions, inclusive: a compound covers the words it joins.
struct Occurrence {
    std::uint32_t first = 0, last = 0;
    friend auto operator==(const Occurrence&, const Occurrence&) -> bool = default;
};

struct PatternMatches {
    std::vector<Occurrence> hits;   // what is counted (a near: each window holding all children)
    std::vector<Occurrence> marks;  // what is highlighted (a near: the children's occurrences in such windows)
};

// Where a word pattern occurs: from a passage's tokens, or from the index.
class WordSource {
  public:
    virtual ~WordSource() = default;
    // Occurrences of `word`, sorted by first position.
    [[nodiscard]] virtual auto find(const Pattern& word) -> std::vector<Occurrence> = 0;
};

// Occurrences in analysed text (Analyzer::analyze_for_index: words, then compounds).
class TokenSource final : public WordSource {
  public:
    explicit TokenSource(const std::vector<Token>& tokens) : tokens_(tokens) {}
    [[nodiscard]] auto find(const Pattern& word) -> std::vector<Occurrence> override;

  private:
    const std::vector<Token>& tokens_;
};

// Every occurrence of `pattern`, sorted by first position.
[[nodiscard]] auto match_pattern(const Pattern& pattern, WordSource& source) -> PatternMatches;

}  // namespace fts
