// Turns a file's text into an article body: markup out, words in.
#pragma once

#include <string>
#include <string_view>

#include "fts/document/article.hpp"

namespace fts {

struct ExtractedText {
    std::string body;
    ArticleMetadata meta;  // what the markup itself declares (HTML <title>, <meta>); may be empty
};

// HTML: drops <script>, <style>, comments and tags; block tags become paragraph
// breaks; entities (named and numeric) are decoded; <title> and <meta name=
// "author"|"date"|"article:published_time"|"og:site_name"> fill the metadata.
[[nodiscard]] auto extract_html(std::string_view html) -> ExtractedText;

// Plain text and Markdown: removes stray markup that is not prose, i.e. HTML
// comments (also a comment whose "<" was lost, as in "!-- Google tag -->") and
// HTML tags; for Markdown also heading marks, emphasis and code marks ('*',
// '`'), link targets ("[text](url)" keeps "text") and images.
[[nodiscard]] auto extract_plain(std::string_view text, SourceFormat format) -> ExtractedText;

// Decodes one HTML entity body ("amp", "#8217", "#x2019"); empty if unknown.
[[nodiscard]] auto decode_entity(std::string_view name) -> std::string;

}  // namespace fts
