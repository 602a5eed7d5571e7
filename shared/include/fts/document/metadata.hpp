// Article metadata: the front-matter block, and what can be read off the text.
//
// Front matter is a block at the very top of a .txt or .md file:
//
//     ---
//     title: Negotiations on the Korean Peninsula ...
//     author: Chaarvi Modi
//     date: 2021-11-30
//     source: Example News
//     ---
//
// Keys are case-insensitive; unknown keys and lines starting with '#' are
// ignored; values may be wrapped in single or double quotes. Fields the block
// leaves out are derived from the text (see derive_metadata), never invented.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fts/document/article.hpp"

namespace fts {

struct FrontMatter {
    ArticleMetadata meta;
    std::size_t body_offset = 0;  // where the text after the block starts (0: no block)
    std::string problem;          // non-empty when a field could not be read (e.g. a bad date)
};

// Parses a leading "---" block. Without one, returns body_offset 0 and empty fields.
[[nodiscard]] auto parse_front_matter(std::string_view text) -> FrontMatter;

// Parses one date written as "2021-11-30", "2021/11/30", "2021-11", "2021",
// "November 30, 2021", "Nov. 30, 2021", "30 November 2021" or "November 2021".
// Returns nullopt for anything else or an impossible date.
[[nodiscard]] auto parse_date(std::string_view text) -> std::optional<Date>;

// The years a date may have (a figure outside them is not taken for a year).
inline constexpr int kFirstYear = 1000;
inline constexpr int kLastYear = 2999;

// Days in a month of the Gregorian calendar (leap years included).
[[nodiscard]] auto days_in_month(int year, int month) -> int;

// The first full date ("Month D, YYYY", "D Month YYYY", "YYYY-MM-DD", "12
// марта 2021") written as a dateline: at the start of its line, or after a
// few words ending in a comma, dash or colon ("SEOUL, ", "LONDON (Reuters) -
// ", "Published: ") or after a weekday ("Tuesday 30 November 2021"); or in
// the first sentence of one of the first two paragraphs (a lede: "On
// February 3, 2017, ..."). A date further inside the text ("figures back to
// pre-11 September 2001 levels", "debentures due April 1, 1999") is what the
// article speaks of, not when it was written.
[[nodiscard]] auto find_dateline(std::string_view text) -> std::optional<Date>;

// Fills the fields of `meta` that are empty from the opening lines of `body`:
// title from the first non-empty line, date from the first full date in the
// opening lines, author from a by-line ("By Jane Doe", or a line "Author"
// followed by a name). Fields already set are left alone.
void derive_metadata(std::string_view body, ArticleMetadata& meta);

}  // namespace fts
