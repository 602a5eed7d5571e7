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

// The snippet with each highlight wrapped in markers.
[[nodiscard]] auto render_snippet(const Snippet& snippet, const Markers& markers) -> std::string;

[[nodiscard]] auto format_hit_text(const Hit& hit, bool color, bool explain) -> std::string;

// One JSON object (no newline): rank, score, article, path, title, author,
// source, date, passage, text, snippet, highlights (+ explain when asked).
[[nodiscard]] auto format_hit_json(const Hit& hit, bool explain) -> std::string;

}  // namespace fts
