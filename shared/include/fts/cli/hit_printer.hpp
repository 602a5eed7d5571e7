// How the searcher prints hits: readable text or JSON Lines.
//
// Text, one block per hit:
//   1. Title — 2017-02-03 — Author
//      path/to/article.txt  passage 6  score 7.123
//      …will allow more North Koreans to staff the [Rajin-Hasan] railway…
// Highlights are ANSI bold red with colour, else wrapped in [ and ].
#pragma once

#include <string>

#include "fts/ranking/searcher.hpp"

namespace fts {

struct Markers {
    std::string open, close;
};
inline const Markers kPlainMarkers{"[", "]"};
inline const Markers kColorMarkers{"\x1b[1;31m", "\x1b[0m"};

// A text with each highlight wrapped in markers, for a terminal (terminal_text).
[[nodiscard]] auto render_highlighted(std::string_view text, const Highlights& highlights, const Markers& markers) -> std::string;
[[nodiscard]] inline auto render_snippet(const Snippet& snippet, const Markers& markers) -> std::string {
    return render_highlighted(snippet.text, snippet.highlights, markers);
}

// --explain: how a hit's score parts add up, e.g.
// "passage BM25 4.120 + 1.50 x article IneB2 1.003 = 5.625". Empty without explain data.
[[nodiscard]] auto explain_note(const Hit& hit) -> std::string;

// --explain: how the searcher scores, after the query's Xapian description.
[[nodiscard]] auto describe_scoring(const SearchResults& results, const RankingOptions& ranking) -> std::string;

// The count line: "3 shown of 12 matching articles" ("of about" for an
// estimate), and the query that ran when it is not the one typed.
[[nodiscard]] auto count_line(const SearchResults& results) -> std::string;

[[nodiscard]] auto format_hit_text(const Hit& hit, bool color, bool explain) -> std::string;

// Highlights as JSON: [[start, end], ...] (byte offsets).
[[nodiscard]] auto highlights_json(const Highlights& highlights) -> std::string;

// One JSON object (no newline): rank, score, id (the article key), article, path, title, author,
// source, date, passage, text, snippet, highlights, the results'
// suggestion and searched_for (SearchResults::corrected_query; null when the
// query ran as typed), and explain when asked.
[[nodiscard]] auto format_hit_json(const Hit& hit, const SearchResults& results, bool explain) -> std::string;

}  // namespace fts
