// Writes passage documents to a Xapian database, one run at a time.
//
// Lifecycle:
//   IndexWriter w(path);            // opens or creates; takes the write lock
//   w.articles();                   // what the index holds now
//   w.begin();                      // REQUIRES: not begun
//   w.replace_article(...) / w.remove_article(...)   // REQUIRES: begun
//   w.commit();                     // all changes of the run become visible at once
// Destroying a writer that has begun but not committed abandons every change of
// the run: readers never see half a run, and an article's passages change
// all-or-nothing.
//
// Thread safety: one thread only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/index/passage_documents.hpp"

namespace fts {

class IndexWriter {
  public:
    // Throws DatabaseLockedError when another writer holds the lock, DatabaseError
    // when the path holds something that is not a usable database.
    explicit IndexWriter(const std::string& path);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    auto operator=(const IndexWriter&) -> IndexWriter& = delete;

    // Articles recorded in the index, by key.
    [[nodiscard]] auto articles() const -> std::map<std::string, ArticleRecord>;
    // True when the index was written with the current terms::kIndexFormat (or is new).
    [[nodiscard]] auto format_is_current() const -> bool;

    void begin();
    // Replaces all documents of the article with `docs`.
    void replace_article(const ArticleRecord& record, ArticleDocuments docs);
    void remove_article(const std::string& key);
    void commit();

    [[nodiscard]] auto passage_count() const -> Xapian::doccount;

  private:
    std::string path_;
    Xapian::WritableDatabase db_;
    bool in_run_ = false;
};

}  // namespace fts
