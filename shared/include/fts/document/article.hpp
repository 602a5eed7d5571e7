// The document model: an article's metadata, text and where it came from.
#pragma once

#include <optional>
#include <string>

namespace fts {

// A calendar date; month and day may be unknown (0) for "2017" or "2017-02".
struct Date {
    int year = 0;
    int month = 0;  // 1..12, 0 when unknown
    int day = 0;    // 1..31, 0 when unknown

    // "2017-02-03"; "2017-02" or "2017" when the day or month is unknown.
    [[nodiscard]] auto iso() const -> std::string;
    // "20170203", with unknown parts as "00": sorts chronologically as a string.
    [[nodiscard]] auto sortable() const -> std::string;
    // The first and last day the date can mean, "YYYYMMDD": "2017" is
    // 20170101..20171231, "2017-02" 20170201..20170228. A date filter finds an
    // article when it covers both.
    [[nodiscard]] auto first_day() const -> std::string;
    [[nodiscard]] auto last_day() const -> std::string;
    friend auto operator==(const Date&, const Date&) -> bool = default;
};

struct ArticleMetadata {
    std::string title;
    std::string author;
    std::string source;
    std::optional<Date> date;
};

enum class SourceFormat { text, markdown, html };

// An article ready to be split into passages.
struct Article {
    std::string root;           // absolute path of the indexed folder it was found under
    std::string relative_path;  // path below root, '/'-separated: the article's name in results
    SourceFormat format = SourceFormat::text;
    // The article's text after front matter and markup are removed: valid UTF-8,
    // LF line ends. Passage byte ranges are offsets into this string.
    std::string body;
    ArticleMetadata meta;
};

}  // namespace fts
