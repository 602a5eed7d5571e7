#include "fts/index/index_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "fts/error.hpp"
#include "fts/index/terms.hpp"
#include "fts/index/variants.hpp"
#include "fts/util/text.hpp"
#include "fts/util/utf8.hpp"

namespace fts {
namespace {

auto read_count(const Xapian::Database& db, std::string_view key) -> std::uint64_t {
    const std::string v = db.get_metadata(std::string(key));
    std::uint64_t n = 0;
    std::from_chars(v.data(), v.data() + v.size(), n);
    return n;
}

}  // namespace

namespace {

// Who holds a database's write lock, as the holder wrote it (Xapian's lock
// says nothing of its holder).
auto owner_file(const std::string& path) -> std::string { return path + "/" + std::string(kOwnerFile); }

auto lock_holder(const std::string& path) -> std::string {
    std::ifstream in(owner_file(path));
    std::string line;
    std::getline(in, line);
    return terminal_text(line);
}

// Glass table files only grow (a compaction writes new ones), so a table file
// smaller than it was at the last commit has been cut short (a bad disk, a
// careless copy): Xapian notices only when it reads a block past the end,
// which an unchanged run never does.
auto sizes_file(const std::string& path) -> std::string { return path + "/" + std::string(kSizesFile); }

auto now_utc() -> std::string {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

}  // namespace

auto rebuild_hint(const std::string& path) -> std::string {
    return "rebuild it with: indexer --rebuild --db " + path + " FOLDER...";
}

void check_table_sizes(const std::string& path) {
    // Through one descriptor of the folder: a database rebuilt and swapped in
    // meanwhile (another folder under the same name) is not mixed with this one.
    const int dir = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;  // Xapian will say what is wrong with the path
    std::string recorded_sizes;
    const int fd = ::openat(dir, std::string(kSizesFile).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char buf[4096];
        ssize_t n = 0;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) recorded_sizes.append(buf, static_cast<std::size_t>(n));
        ::close(fd);
    }
    std::istringstream in(recorded_sizes);
    std::string name;
    std::uintmax_t recorded = 0;
    std::string damage;
    while (damage.empty() && in >> name >> recorded) {
        struct stat st {};
        const bool missing = ::fstatat(dir, name.c_str(), &st, 0) != 0;
        const auto now = static_cast<std::uintmax_t>(st.st_size);
        if (missing || now < recorded) {
            damage = "database '" + path + "' is damaged: its table " + name + " is " +
                     (missing ? std::string("missing") : std::to_string(now) + " bytes, " + std::to_string(recorded) + " at the last commit");
        }
    }
    ::close(dir);
    if (!damage.empty()) throw DatabaseDamagedError(damage);
}

auto open_writable(const std::string& path, int flags, double wait_seconds) -> Xapian::WritableDatabase {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(std::max(wait_seconds, 0.0));
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
        throw DatabaseError("'" + path + "' is a file, not a database folder: give --db a folder (it is created when missing)");
    }
    // A new database's folder may be several levels deep.
    const std::filesystem::path parent = std::filesystem::absolute(path, ec).parent_path();
    if (!std::filesystem::exists(parent, ec)) {
        std::filesystem::create_directories(parent, ec);
        if (ec) throw DatabaseError("cannot create database '" + path + "': " + ec.message());
    }
    while (true) {
        try {
            return Xapian::WritableDatabase(path, flags);
        } catch (const Xapian::DatabaseLockError& e) {
            // Xapian says "locked" when it may not create its lock file, too.
            if (::access(path.c_str(), W_OK) != 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
                throw DatabaseError("database '" + path + "' is read-only here (" + std::strerror(errno) +
                                    "): it can be searched, but indexing needs write access to it");
            }
            if (std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                continue;
            }
            const std::string holder = lock_holder(path);
            throw DatabaseLockedError("database '" + path + "' is locked: another indexer is writing to it" +
                                      (holder.empty() ? std::string() : " (" + holder + ")") +
                                      (wait_seconds > 0 ? "; it was still running after " + fixed(wait_seconds, 0) + " s"
                                                        : "; run again when it is done, or wait for it with --wait SECONDS"));
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw DatabaseDamagedError("database '" + path + "' is damaged: " + e.get_msg());
        } catch (const Xapian::DatabaseCreateError& e) {
            const char* reason = e.get_error_string();  // the system's reason, when Xapian had one
            throw DatabaseError("cannot create database '" + path + "': " + (reason != nullptr ? std::string(reason) : e.get_msg()));
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw DatabaseError("cannot open database '" + path + "' for writing: " + e.get_msg());
        } catch (const Xapian::DatabaseError& e) {  // e.g. "EOF reading block 2": a table cut short
            throw DatabaseDamagedError("database '" + path + "' is damaged: " + e.get_msg());
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot open database '" + path + "' for writing: " + e.get_description());
        }
    }
}

auto read_stats(const Xapian::Database& db) -> IndexStats {
    return {read_count(db, terms::kMetaPassages), read_count(db, terms::kMetaPassageWords)};
}

void write_stats(Xapian::WritableDatabase& db, const IndexStats& stats) {
    db.set_metadata(std::string(terms::kMetaPassages), std::to_string(stats.passages));
    db.set_metadata(std::string(terms::kMetaPassageWords), std::to_string(stats.words));
}

void record_table_sizes(const std::string& path) {
    std::ofstream out(sizes_file(path) + ".new");
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.path().extension() == ".glass") out << entry.path().filename().string() << ' ' << entry.file_size() << '\n';
    }
    out.close();
    if (out) std::filesystem::rename(sizes_file(path) + ".new", sizes_file(path));
}

CommitSpace::CommitSpace(std::string name, std::string dir, std::string advice, FreeBytes free_bytes)
    : name_(std::move(name)), dir_(std::move(dir)), advice_(std::move(advice)), free_bytes_(std::move(free_bytes)) {}

auto CommitSpace::default_free_bytes(const std::string& dir) -> std::uintmax_t {
    std::error_code ec;
    const std::filesystem::space_info info = std::filesystem::space(dir, ec);
    return ec ? UINTMAX_MAX : info.available;
}

auto CommitSpace::reserve(std::size_t pending) -> Reservation {
    if (pending == 0) return Reservation(*this, 0);
    const std::uintmax_t needed = bytes_needed(pending);
    const std::lock_guard lock(mutex_);
    const std::uintmax_t free = free_bytes_(dir_);
    const std::uintmax_t left = free > reserved_ ? free - reserved_ : 0;
    if (left < needed) {
        const auto mb = [](std::uintmax_t bytes) { return fixed(static_cast<double>(bytes) / 1e6, 1) + " MB"; };
        std::string message = "database '" + name_ + "': not enough free space to commit safely: the commit may write ";
        message += mb(needed) + ", the file system has " + mb(free) + " free";
        if (reserved_ > 0) message += ", of which commits running on other threads may still write up to " + mb(reserved_);
        throw DiskFullError(message, advice_);
    }
    reserved_ += needed;
    return Reservation(*this, needed);
}

auto CommitSpace::batch_room(std::size_t sharing) -> std::size_t {
    const std::lock_guard lock(mutex_);
    const std::uintmax_t free = free_bytes_(dir_);
    if (free == UINTMAX_MAX) return SIZE_MAX;
    // Each writer's share, less what its commit needs whatever its size.
    const std::uintmax_t share = (free > reserved_ ? free - reserved_ : 0) / std::max<std::size_t>(sharing, 1);
    if (share <= bytes_needed(0)) return 0;
    // Xapian writes some of a batch's blocks before its commit (up to the 3
    // bytes a batch byte that a whole commit writes): those are out of the
    // free space by the time the commit reserves, so the batch commits at
    // half the room a reservation would allow.
    return static_cast<std::size_t>((share - bytes_needed(0)) / (2 * (bytes_needed(1) - bytes_needed(0))));
}

CommitSpace::Reservation::~Reservation() {
    if (space_ == nullptr) return;
    const std::lock_guard lock(space_->mutex_);
    space_->reserved_ -= bytes_;
}

IndexWriter::IndexWriter(const std::string& path, double wait_seconds)
    : path_(path), space_(path, path, kDiskFullInPlace), db_(open_writable(path, Xapian::DB_CREATE_OR_OPEN, wait_seconds)), stats_(read_stats(db_)) {
    check_table_sizes(path_);
    std::ofstream(owner_file(path_)) << "held by process " << ::getpid() << " since " << now_utc() << '\n';
}

IndexWriter::~IndexWriter() {
    std::error_code ec;
    std::filesystem::remove(owner_file(path_), ec);
    if (!in_batch_) return;
    try {
        db_.cancel_transaction();
    } catch (const Xapian::Error&) {
        // Nothing more was committed; the database keeps its last committed state.
    }
}

void IndexWriter::begin_batch() {
    if (in_batch_) return;
    // A flushed transaction: Xapian neither commits inside it nor (as it would
    // when a handle closes) at the end unless we say so.
    db_.begin_transaction(true);
    in_batch_ = true;
}

auto IndexWriter::articles() const -> std::unordered_map<std::uint64_t, IndexedArticle> {
    std::unordered_map<std::uint64_t, IndexedArticle> out;
    out.reserve(db_.get_doccount());
    for (auto it = db_.valuestream_begin(terms::kSlotRecord); it != db_.valuestream_end(terms::kSlotRecord); ++it) {
        ArticleRecord rec = ArticleRecord::parse(*it);
        const std::uint64_t key = article_hash(rec.path);
        out.emplace(key, IndexedArticle{it.get_docid(), std::move(rec)});
    }
    return out;
}

auto IndexWriter::format_is_current() const -> bool {
    return db_.get_metadata(std::string(terms::kMetaFormat)) == terms::kIndexFormat;
}

void SpellingChanges::count(const Xapian::Document& doc, int sign) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        if (terms::is_spelling_word(term)) delta_[term] += sign * static_cast<std::int64_t>(it.get_wdf());
    }
}

void SpellingChanges::write(Xapian::WritableDatabase& db) {
    for (const auto& [word, change] : delta_) {
        if (change > 0) db.add_spelling(word, static_cast<Xapian::termcount>(change));
        else if (change < 0) db.remove_spelling(word, static_cast<Xapian::termcount>(-change));
    }
    delta_.clear();
}

void fill_spelling_table(Xapian::WritableDatabase& db) {
    // Prefixes are upper-case ASCII, digits come before them: words start at "a".
    auto it = db.allterms_begin();
    it.skip_to("a");
    for (; it != db.allterms_end(); ++it) {
        const std::string term = *it;
        if (terms::is_spelling_word(term)) db.add_spelling(term, db.get_collection_freq(term));
    }
}

auto IndexWriter::forget(Xapian::docid docid) -> std::size_t {
    const Xapian::Document old = db_.get_document(docid);
    spelling_.remove(old);
    const std::string data = old.get_value(terms::kSlotArticleData);
    std::uint64_t words = 0;
    for (const PassageRange& p : ArticleData::parse(data).passages) {
        --stats_.passages;
        words += p.words;
    }
    stats_.words -= words;
    return batch_bytes(data.size(), words);
}

void IndexWriter::add(const ArticleDocument& doc) {
    begin_batch();
    db_.add_document(doc.doc);
    spelling_.add(doc.doc);
    stats_.add(doc);
    pending_bytes_ += batch_bytes(doc);
}

void IndexWriter::replace(Xapian::docid docid, const ArticleDocument& doc) {
    begin_batch();
    forget(docid);
    db_.replace_document(docid, doc.doc);
    spelling_.add(doc.doc);
    stats_.add(doc);
    pending_bytes_ += batch_bytes(doc);
}

void IndexWriter::remove(Xapian::docid docid) {
    begin_batch();
    pending_bytes_ += forget(docid);
    db_.delete_document(docid);
}

void IndexWriter::touch(Xapian::docid docid, const ArticleRecord& record) {
    begin_batch();
    Xapian::Document doc = db_.get_document(docid);
    const std::string value = record.serialise();
    pending_bytes_ += value.size();  // a value changes: the commit needs room for it
    doc.add_value(terms::kSlotRecord, value);
    db_.replace_document(docid, doc);  // only the value changed: Xapian rewrites only that
}

void IndexWriter::set_synonyms(const std::vector<std::pair<std::string, std::string>>& synonyms, const std::string& user_text) {
    if (synonyms_current(db_, synonyms)) return;
    begin_batch();
    write_synonyms(db_, synonyms, user_text);
}

void IndexWriter::commit_before(std::size_t next, std::size_t most) {
    if (pending_bytes_ > 0 && pending_bytes_ + next > std::min(most, space_.batch_room())) commit();
}

void IndexWriter::commit() {
    // Nothing changed: a commit would still write and sync a new revision.
    if (!in_batch_ && format_is_current()) return;
    begin_batch();
    db_.set_metadata(std::string(terms::kMetaFormat), std::string(terms::kIndexFormat));
    write_stats(db_, stats_);
    spelling_.write(db_);
    const CommitSpace::Reservation room = space_.reserve(pending_bytes_);
    db_.commit_transaction();
    record_table_sizes(path_);
    in_batch_ = false;
    pending_bytes_ = 0;
}

}  // namespace fts
