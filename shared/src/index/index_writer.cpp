#include "fts/index/index_writer.hpp"

#include "fts/error.hpp"
#include "fts/index/terms.hpp"

namespace fts {
namespace {

auto open_writable(const std::string& path) -> Xapian::WritableDatabase {
    try {
        return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
        throw DatabaseLockedError("database '" + path + "' is locked: another indexer is writing to it (" +
                                  e.get_msg() + ")");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseError("database '" + path + "' is corrupt: " + e.get_msg());
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database '" + path + "' for writing: " + e.get_description());
    }
}

}  // namespace

IndexWriter::IndexWriter(const std::string& path) : path_(path), db_(open_writable(path)) {}

IndexWriter::~IndexWriter() {
    if (!in_run_) return;
    try {
        db_.cancel_transaction();
    } catch (const Xapian::Error&) {
        // Nothing was committed; the database keeps its last committed state.
    }
}

auto IndexWriter::articles() const -> std::map<std::string, ArticleRecord> {
    std::map<std::string, ArticleRecord> out;
    const std::string prefix(terms::kMetaArticlePrefix);
    for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
        const std::string value = db_.get_metadata(*it);
        if (value.empty()) continue;
        ArticleRecord rec = ArticleRecord::parse(value);
        out.emplace((*it).substr(prefix.size()), std::move(rec));
    }
    return out;
}

auto IndexWriter::format_is_current() const -> bool {
    const std::string format = db_.get_metadata(std::string(terms::kMetaFormat));
    return format.empty() ? db_.get_doccount() == 0 : format == terms::kIndexFormat;
}

void IndexWriter::begin() {
    // A flushed transaction: Xapian does not auto-commit inside it, so the run
    // is one commit however many documents it writes.
    db_.begin_transaction(true);
    in_run_ = true;
}

auto IndexWriter::passage_count() const -> Xapian::doccount {
    return db_.get_termfreq(std::string(terms::kKindPassage));
}

void IndexWriter::replace_article(const ArticleRecord& record, ArticleDocuments docs) {
    const std::string key = record.key();
    db_.delete_document(terms::article_term(key));
    for (const Xapian::Document& doc : docs.passages) db_.add_document(doc);
    db_.add_document(docs.article);
    ArticleRecord stored = record;
    stored.passages = static_cast<std::uint32_t>(docs.passages.size());
    db_.set_metadata(std::string(terms::kMetaArticlePrefix) + key, stored.serialise());
}

void IndexWriter::remove_article(const std::string& key) {
    db_.delete_document(terms::article_term(key));
    db_.set_metadata(std::string(terms::kMetaArticlePrefix) + key, "");
}

void IndexWriter::commit() {
    db_.set_metadata(std::string(terms::kMetaFormat), std::string(terms::kIndexFormat));
    db_.commit_transaction();
    in_run_ = false;
}

}  // namespace fts
