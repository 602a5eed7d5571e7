// Writes article documents to a Xapian database.
//
// Lifecycle:
//   IndexWriter w(path);            // opens or creates; takes the write lock
//   w.articles();                   // what the index holds now
//   w.add(...) / w.replace(...) / w.remove(...) / w.touch(...)
//   w.commit();                     // changes so far become visible at once
// Each article is one document, so it changes all-or-nothing. Changes not
// committed when the writer is destroyed are abandoned: the database keeps its
// last committed state. (An indexer run commits every few tens of megabytes of
// text, so its memory stays bounded; a killed run leaves a committed state
// that the next run completes.)
//
// Thread safety: one thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "fts/index/article_document.hpp"
#include "fts/index/terms.hpp"

namespace fts {

// Totals the searcher needs for passage weights (user metadata kMetaPassages, kMetaPassageWords).
struct IndexStats {
    std::uint64_t passages = 0;
    std::uint64_t words = 0;
    void add(const ArticleDocument& doc) {
        passages += doc.passages;
        words += doc.words;
    }
};

// What a document weighs in a batch of changes: a rough measure of the memory
// Xapian holds for it until the next commit (its text, and 16 bytes a word).
[[nodiscard]] inline auto batch_bytes(std::size_t article_data_bytes, std::uint64_t words) -> std::size_t {
    return article_data_bytes + 16 * words;
}
[[nodiscard]] inline auto batch_bytes(const ArticleDocument& doc) -> std::size_t {
    return batch_bytes(doc.doc.get_value(terms::kSlotArticleData).size(), doc.words);
}

// An article the index holds: its document and the file it came from.
struct IndexedArticle {
    Xapian::docid docid = 0;
    ArticleRecord record;
};

// Changes to the spelling table (terms::is_spelling_word): the words of the
// articles written, with their wdf, less those of the articles replaced or
// removed, summed in memory and written in one pass: Xapian looks each word up
// in its table, so one call a word instead of one a word and article.
class SpellingChanges {
  public:
    void add(const Xapian::Document& doc) { count(doc, +1); }
    void remove(const Xapian::Document& doc) { count(doc, -1); }
    // Applies the changes to the database's spelling table (at its next commit) and forgets them.
    void write(Xapian::WritableDatabase& db);

  private:
    void count(const Xapian::Document& doc, int sign);
    std::unordered_map<std::string, std::int64_t> delta_;
};

// Fills the spelling table of a database built from nothing, from its
// committed terms: each spelling word with its collection frequency, which is
// what SpellingChanges would add for its articles, at a lookup a word rather
// than a pass over every article's terms.
void fill_spelling_table(Xapian::WritableDatabase& db);

// What DiskFullError::advice() says after a run in place, and after one that
// built the index aside.
inline constexpr const char* kDiskFullInPlace =
    "the index keeps its last committed state (a long run commits as it goes); "
    "free some space and run the indexer again to finish";
inline constexpr const char* kDiskFullAside =
    "nothing was changed: a first index, or --rebuild, is built beside the database and then swapped in, "
    "which takes free space of about 3 times the finished index; free some space and run the indexer again";

// Whether an error's text says the disk (or the user's quota) is full.
[[nodiscard]] inline auto says_disk_full(std::string_view message) -> bool {
    return message.find("No space left on device") != std::string_view::npos ||
           message.find("Disk quota exceeded") != std::string_view::npos;
}

// Room on a file system for commits. Xapian 1.4 merges a commit's value
// changes in a destructor (Glass::ValueUpdater in glass_values.cc), so a full
// disk met there ends the process (std::terminate) instead of throwing. A
// commit therefore first reserves what it may write, and a file system short
// of that fails it with DiskFullError before Xapian writes anything; the
// reservations of threads committing at once add up. Thread safe.
class CommitSpace {
  public:
    // Bytes free to this process on the file system holding `dir` (std::filesystem::space).
    using FreeBytes = std::function<std::uintmax_t(const std::string& dir)>;
    // Commits to the database `name` (as messages give it) that write under
    // `dir`; `advice` is what DiskFullError::advice() says (kDiskFullInPlace, kDiskFullAside).
    CommitSpace(std::string name, std::string dir, std::string advice, FreeBytes free_bytes = default_free_bytes);

    // What a commit of `pending` batch_bytes may write at most, measured on
    // fresh and updated databases: up to 3 bytes a batch byte, plus the
    // blocks a commit rewrites whatever its size.
    [[nodiscard]] static constexpr auto bytes_needed(std::size_t pending) -> std::uintmax_t {
        return 4 * static_cast<std::uintmax_t>(pending) + (std::uintmax_t{1} << 20);
    }

    // Held while a commit runs; gives its room back when destroyed.
    class Reservation {
      public:
        Reservation(CommitSpace& space, std::uintmax_t bytes) : space_(&space), bytes_(bytes) {}
        Reservation(Reservation&& other) noexcept : space_(other.space_), bytes_(other.bytes_) { other.space_ = nullptr; }
        Reservation(const Reservation&) = delete;
        auto operator=(const Reservation&) -> Reservation& = delete;
        auto operator=(Reservation&&) -> Reservation& = delete;
        ~Reservation();

      private:
        CommitSpace* space_;
        std::uintmax_t bytes_;
    };

    // Reserves room for a commit of `pending` batch_bytes; throws DiskFullError
    // (naming the database, what is needed and what is free) when the file
    // system lacks it. A file system that cannot say is taken to have room. A
    // commit of no documents (metadata only: no values change) needs none.
    [[nodiscard]] auto reserve(std::size_t pending) -> Reservation;

    // The largest batch whose commit the file system has room for now, when
    // `sharing` writers commit at once, counting the blocks Xapian writes
    // before the commit: a run commits before its batch outgrows it, so a
    // disk filling up stops the run at a committed state.
    [[nodiscard]] auto batch_room(std::size_t sharing = 1) -> std::size_t;

    static auto default_free_bytes(const std::string& dir) -> std::uintmax_t;

  private:
    std::string name_;
    std::string dir_;
    std::string advice_;
    FreeBytes free_bytes_;
    std::mutex mutex_;
    std::uintmax_t reserved_ = 0;  // by commits running now
};

class IndexWriter {
  public:
    // Waits up to wait_seconds for another writer to let go of the lock, then
    // throws DatabaseLockedError (naming the holder when it said who it is);
    // throws DatabaseDamagedError when the database is damaged (a table cut
    // short), DatabaseError when the path holds something that is not a usable
    // database or may not be written. While it is open, the database folder's
    // kOwnerFile says which process holds the lock.
    explicit IndexWriter(const std::string& path, double wait_seconds = 0);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    auto operator=(const IndexWriter&) -> IndexWriter& = delete;

    // Articles recorded in the index, by article_hash (one pass over a value stream).
    [[nodiscard]] auto articles() const -> std::unordered_map<std::uint64_t, IndexedArticle>;
    // True when the index was written with the current terms::kIndexFormat.
    [[nodiscard]] auto format_is_current() const -> bool;
    [[nodiscard]] auto article_count() const -> Xapian::doccount { return db_.get_doccount(); }
    [[nodiscard]] auto stats() const -> IndexStats { return stats_; }

    void add(const ArticleDocument& doc);
    void replace(Xapian::docid docid, const ArticleDocument& doc);
    void remove(Xapian::docid docid);
    // The file is unchanged but its stat is not (e.g. touched): store the new record.
    void touch(Xapian::docid docid, const ArticleRecord& record);
    // batch_bytes of the documents added, replaced or removed since the last commit.
    [[nodiscard]] auto pending_bytes() const -> std::size_t { return pending_bytes_; }
    // Commits the batch first when `next` more bytes would take it over `most`
    // or over what the file system has room for.
    void commit_before(std::size_t next, std::size_t most);
    // Makes the synonym table hold `synonyms` (from the shipped variants and
    // `user_text`) at the next commit; nothing to write when it already does.
    void set_synonyms(const std::vector<std::pair<std::string, std::string>>& synonyms, const std::string& user_text);
    [[nodiscard]] auto database() const -> const Xapian::Database& { return db_; }
    void commit();

  private:
    // Takes the document's passages out of the stats, its words out of the
    // spelling table; gives its batch_bytes.
    auto forget(Xapian::docid docid) -> std::size_t;
    void begin_batch();  // changes since the last commit form one transaction

    std::string path_;
    CommitSpace space_;
    Xapian::WritableDatabase db_;
    IndexStats stats_;
    std::size_t pending_bytes_ = 0;
    SpellingChanges spelling_;  // since the last commit
    bool in_batch_ = false;
};

// The stats stored in a database's metadata.
[[nodiscard]] auto read_stats(const Xapian::Database& db) -> IndexStats;
void write_stats(Xapian::WritableDatabase& db, const IndexStats& stats);

// The file in a database folder that names the indexer holding its lock.
inline constexpr std::string_view kOwnerFile = "indexer.owner";
// The sizes of the table files at the last commit (a table smaller than that was cut short).
inline constexpr std::string_view kSizesFile = "indexer.sizes";

// What to run on a damaged database: "rebuild it with: indexer --rebuild --db PATH FOLDER...".
[[nodiscard]] auto rebuild_hint(const std::string& path) -> std::string;

// Records the table files' sizes after a commit; throws DatabaseDamagedError
// when one is now smaller than recorded.
void record_table_sizes(const std::string& path);
void check_table_sizes(const std::string& path);

// Opens a database for writing, turning Xapian's errors into ours; a locked
// database is tried again for up to wait_seconds.
[[nodiscard]] auto open_writable(const std::string& path, int flags = Xapian::DB_CREATE_OR_OPEN,
                                 double wait_seconds = 0) -> Xapian::WritableDatabase;

}  // namespace fts
