// Snippets: pick the best window of a passage, then say where the matches are.
//
// Selection (in the spirit of Xapian's snippet()): candidate windows start at
// each sentence and a little before each match; a window scores the weight of
// each query pattern it contains (a repeat counts a quarter), plus a small
// bonus for starting a sentence. The winner starts at a word, is widened to the
// end of its sentence when that fits in max_chars, and gets "…" at a side where
// it cuts a sentence. A phrase is highlighted as one span, and only where the
// whole phrase occurs; matches one space or dash apart are one span.
// Rendering (markers, colour) is the caller's job.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fts/analysis/analyzer.hpp"
#include "fts/query/query_builder.hpp"

namespace fts {

struct SnippetOptions {
    std::size_t target_chars = 240;  // window size aimed for, in characters (grapheme clusters)
    std::size_t max_chars = 300;     // a window may grow to this to end a sentence
};

// [begin, end) byte offsets into a text, sorted, disjoint.
using Highlights = std::vector<std::pair<std::size_t, std::size_t>>;

struct Snippet {
    std::string text;  // line breaks and runs of spaces become one space; may start or end with "…"
    Highlights highlights;  // into text
};

// A run of tokens in the passage that matches pattern `pattern`.
struct PatternMatch {
    std::size_t first_token = 0, last_token = 0;  // inclusive
    std::size_t pattern = 0;
    // Where the match ends in the source when not at its last token's end:
    // one Hangul syllable found as the first of a bigram.
    std::size_t end = 0;
};

// Every highlighted occurrence of every pattern in the tokens (words then
// compounds, as Analyzer::analyze_for_index gives them), in text order: what
// match_pattern marks, so a NEAR pair only within its distance and a dashed
// word only where it occurs whole. Token indexes in a match are word
// positions; a compound match covers all of its words.
[[nodiscard]] auto find_matches(const std::vector<Token>& tokens, const std::vector<Pattern>& patterns)
    -> std::vector<PatternMatch>;

// Each pattern weighs its idf times its scale (1 when it has no idf).
[[nodiscard]] auto make_snippet(std::string_view passage, const std::vector<Pattern>& patterns, Analyzer& analyzer,
                                const SnippetOptions& options = {}) -> Snippet;

// What the patterns mark in a whole short text (an article's title), as the
// snippet would mark it: offsets into `text` as given.
[[nodiscard]] auto highlight_text(std::string_view text, const std::vector<Pattern>& patterns, Analyzer& analyzer)
    -> Highlights;

}  // namespace fts
