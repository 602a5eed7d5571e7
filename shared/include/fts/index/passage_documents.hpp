// Turns an article into its passage documents, and the records stored with them.
//
// Building documents is pure (no database access), so analysis can run on
// worker threads while one thread writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/document/article.hpp"
#include "fts/document/passage_splitter.hpp"

namespace fts {

// What a passage document stores (Xapian document data), read back by the searcher.
struct PassageRecord {
    std::string root;           // absolute folder the article was indexed from
    std::string article;        // path relative to root
    std::string title;
    std::string author;
    std::string source;
    std::string date;           // Date::iso(), or "" when unknown
    std::uint32_t passage = 0;  // 0-based passage number within the article
    std::uint64_t begin = 0;    // byte range of the passage in the article body
    std::uint64_t end = 0;
    bool boilerplate = false;
    std::string text;           // the passage text

    [[nodiscard]] auto serialise() const -> std::string;
    // Throws DatabaseError when the data is not a passage record.
    [[nodiscard]] static auto parse(const std::string& data) -> PassageRecord;
};

// What the index remembers of each article file (Xapian user metadata), to
// decide on the next run whether it is unchanged, changed or gone.
struct ArticleRecord {
    std::string path;            // absolute path of the file: what the key is made from
    std::string root;
    std::string relative_path;
    std::uint64_t content_hash = 0;
    std::uint32_t passages = 0;

    [[nodiscard]] auto key() const -> std::string;  // 16 hex digits
    [[nodiscard]] auto serialise() const -> std::string;
    [[nodiscard]] static auto parse(const std::string& data) -> ArticleRecord;
};

[[nodiscard]] auto article_key(const std::string& absolute_path) -> std::string;

// The documents of one article: its passages and the whole-article document.
struct ArticleDocuments {
    Xapian::Document article;
    std::vector<Xapian::Document> passages;
};

// Splits the article into passages and builds one document per passage, plus
// the article document.
[[nodiscard]] auto build_article_documents(const Article& article, const std::string& key, const Analyzer& analyzer,
                                           const PassageOptions& options = {}) -> ArticleDocuments;

}  // namespace fts
