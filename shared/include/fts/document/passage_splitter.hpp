// Splits an article body into passages of a few sentences.
//
// Paragraphs come first: blank-line blocks in hard-wrapped text, otherwise one
// paragraph per line. A paragraph longer than max_words is cut at sentence
// boundaries (ICU) into near-equal parts; one shorter than min_words (a
// heading, a by-line) is joined to the paragraphs after it. Passages never
// cross the article's end, and boilerplate (an author biography, a "follow us"
// line) at the end of the article is kept in passages of its own, flagged.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace fts {

struct PassageOptions {
    std::size_t min_words = 40;     // shorter paragraphs are joined to the next
    std::size_t target_words = 100; // a long paragraph is cut into parts of about this size
    std::size_t max_words = 150;    // no passage grows past this by joining
};

struct PassageSpan {
    std::size_t begin = 0;     // byte offset into the body
    std::size_t end = 0;       // one past the last byte
    std::size_t words = 0;
    bool boilerplate = false;  // author bio or similar closing matter
};

// `author` (may be empty) helps recognise a closing biography ("Jane Doe is a ...").
[[nodiscard]] auto split_passages(std::string_view body, std::string_view author,
                                  const PassageOptions& options = {}) -> std::vector<PassageSpan>;

// Paragraph spans of `body` (see above), exposed for tests.
[[nodiscard]] auto split_paragraphs(std::string_view body) -> std::vector<PassageSpan>;

// Whether a closing paragraph reads as boilerplate, given the article's author.
[[nodiscard]] auto is_boilerplate_paragraph(std::string_view paragraph, std::string_view author) -> bool;

}  // namespace fts
