// Turns an article into its one Xapian document, and the records stored with it.
//
// Building a document is pure (no database access), so analysis runs on
// worker threads while others write.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/document/article.hpp"
#include "fts/document/passage_splitter.hpp"

namespace fts {

// Where one passage lies in its article: bytes of the body and body words.
struct PassageRange {
    std::uint32_t begin = 0, end = 0;  // byte range in ArticleData::body
    std::uint32_t first_word = 0;      // body word index of its first word (position kBodyPosition + first_word)
    std::uint32_t words = 0;           // words in it
    bool boilerplate = false;          // closing boilerplate (author bio)
    friend auto operator==(const PassageRange&, const PassageRange&) -> bool = default;
};

// The passages of an article, in order (in ArticleData; varints).
[[nodiscard]] auto serialise_passages(const std::vector<PassageRange>& passages) -> std::string;
// Throws DatabaseError when the value is not a passage list.
[[nodiscard]] auto parse_passages(const std::string& value) -> std::vector<PassageRange>;

// Where an article came from and what it is called: stored with it, shown with each hit.
struct ArticleHeader {
    std::string root;     // absolute folder the article was indexed from
    std::string article;  // path relative to root
    std::string title;
    std::string author;
    std::string source;
    std::string date;     // Date::iso(), or "" when unknown
};

// What the index stores of an article (value slot kSlotArticleData), read
// back for each candidate of a search: its passages to score and, for a
// remote shard, its text to find the query's words in; then the text the
// hits shown are cut from. A value rather than the document's data: a
// remote shard sends the values of many articles in one answer (a
// ValueCountMatchSpy over them), but each document in a request of its own.
struct ArticleData : ArticleHeader {
    std::string key;                     // the article key (ArticleRecord::key)
    std::vector<PassageRange> passages;  // word ranges of the body
    std::string body;                    // the text passages and snippets are cut from

    [[nodiscard]] auto serialise() const -> std::string;
    // Throws DatabaseError when the value is not an article record.
    [[nodiscard]] static auto parse(const std::string& value) -> ArticleData;
};

// What the index remembers of each article file (value slot kSlotRecord), to
// decide on the next run whether it is unchanged, changed or gone.
struct ArticleRecord {
    std::string path;            // absolute path of the file: what the key is made from
    std::string root;
    std::string relative_path;
    std::uint64_t content_hash = 0;  // of the raw bytes
    // The file's stat when it was read: the same size, modification time and
    // inode mean unchanged without reading it.
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t inode = 0;

    [[nodiscard]] auto key() const -> std::string;  // 16 hex digits
    [[nodiscard]] auto serialise() const -> std::string;
    [[nodiscard]] static auto parse(const std::string& data) -> ArticleRecord;
};

// The article key of the file at `absolute_path`: article_hash's 16 hex digits.
[[nodiscard]] auto article_key(const std::string& absolute_path) -> std::string;
[[nodiscard]] auto article_hash(const std::string& absolute_path) -> std::uint64_t;

struct ArticleDocument {
    Xapian::Document doc;
    std::size_t passages = 0;  // passages of the article
    std::size_t words = 0;     // body words
};

// Splits the article into passages and builds its document: body words with
// positions, stems, title, metadata terms, the passage ranges and the text.
[[nodiscard]] auto build_article_document(const Article& article, const ArticleRecord& record, Analyzer& analyzer,
                                          const PassageOptions& options = {}) -> ArticleDocument;

}  // namespace fts
