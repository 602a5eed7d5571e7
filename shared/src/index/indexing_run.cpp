#include "fts/index/indexing_run.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_set>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/document/corpus_reader.hpp"
#include "fts/error.hpp"
#include "fts/index/index_writer.hpp"
#include "fts/index/terms.hpp"
#include "fts/index/variants.hpp"
#include "fts/util/hash.hpp"
#include "fts/util/text.hpp"
#include "fts/util/utf8.hpp"

namespace fs = std::filesystem;

namespace fts {
namespace {

using Clock = std::chrono::steady_clock;

// Commit after this many bytes of new documents (text, and 16 bytes a word):
// Xapian holds a batch in memory until then. Building aside, each part
// flushes more often: Xapian's in-memory postings are cheaper to add to while
// small (on the 22 MB news corpus, one thread: 16.4 s with 2 MB batches,
// 21.7 s with 4 MB, 25.6 s with 48 MB).
constexpr std::size_t kBatchBytes = 16u << 20;
constexpr std::size_t kPartBatchBytes = 2u << 20;
// Analysed articles waiting for the writer, at most.
constexpr std::size_t kMaxInFlight = 512;

// A one-line bar redrawn in place; shown only once a run has taken a second.
class ProgressBar {
  public:
    ProgressBar(bool enabled, std::size_t total) : enabled_(enabled), total_(total) {}
    void update(std::size_t done) {
        if (!enabled_) return;
        const auto now = Clock::now();
        if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        drawn_ = true;
        constexpr int kWidth = 30;
        const int filled = total_ ? static_cast<int>(kWidth * done / total_) : kWidth;
        std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu files", filled, "==============================", kWidth - filled, "",
                     done, total_);
        std::fflush(stderr);
    }
    // Takes the bar off the line, so that a message printed next starts clean
    // (the next update draws it again).
    void clear() {
        if (!drawn_) return;
        std::fprintf(stderr, "\r%*s\r", 60, "");
        std::fflush(stderr);
        drawn_ = false;
    }
    ~ProgressBar() { clear(); }

  private:
    bool enabled_;
    std::size_t total_;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_ = start_;
    bool drawn_ = false;
};

// A file to read, with what the index knew of it. (One per file to read is
// held for the whole run: it keeps no more than it must.)
struct Task {
    SourceFile file;  // with its stat
    const IndexedArticle* known = nullptr;
    bool rebuild = false;           // index it even when its bytes are those indexed
};

// The record of a file as it is now (its content hash not yet known).
auto record_of(const SourceFile& file) -> ArticleRecord {
    const FileStat& stat = file.stat;
    ArticleRecord r;
    r.path = absolute_path(file);
    r.root = file.root;
    r.relative_path = file.relative_path;
    r.size = stat.size;
    r.mtime_ns = stat.mtime_ns;
    r.inode = stat.inode;
    return r;
}

// What reading one file gave.
struct Outcome {
    std::optional<ArticleDocument> doc;  // empty: skipped or unchanged
    ArticleRecord record;
    std::string diagnostics;             // lines for the user
    bool skipped = false;
    bool same_bytes = false;             // the bytes are those indexed: only the stat changed
};

// The file's identity is its absolute path (the article key), whichever of
// its parent folders is indexed: found again under another root, it is the
// same article, and unchanged when its stat is.
auto same_stat(const ArticleRecord& a, const Task& task) -> bool {
    const FileStat& now = task.file.stat;
    return a.size == now.size && a.mtime_ns == now.mtime_ns && a.inode == now.inode;
}

auto process(const Task& task, Analyzer& analyzer) -> Outcome {
    Outcome out;
    out.record = record_of(task.file);
    const std::string name = terminal_text(task.file.path);
    LoadedArticle loaded = load_article(task.file);
    for (const std::string& w : loaded.warnings) out.diagnostics += "indexer: " + name + ": " + w + "\n";
    if (!loaded.article) {
        // What was indexed from this file before stays: bad input loses nothing.
        out.diagnostics += "indexer: " + name + ": skipped: " + loaded.skip_reason + "\n";
        out.skipped = true;
        return out;
    }
    out.record.content_hash = loaded.content_hash;
    if (task.known && !task.rebuild && task.known->record.content_hash == loaded.content_hash) {
        // Only the stat changed (or the folder it was found under): the
        // record takes the new stat and keeps the place its text was stored with.
        out.record.root = task.known->record.root;
        out.record.relative_path = task.known->record.relative_path;
        out.same_bytes = true;
        return out;
    }
    out.doc = build_article_document(*loaded.article, out.record, analyzer);
    return out;
}

void tally(const Task& task, const Outcome& out, IndexSummary& summary) {
    if (out.skipped) {
        ++summary.skipped;
    } else if (out.same_bytes) {
        ++summary.unchanged;
    } else {
        ++(task.known ? summary.updated : summary.added);
        summary.passages_written += out.doc->passages;
    }
}

auto job_count(std::size_t asked) -> std::size_t {
    if (asked > 0) return asked;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 0 ? cores : 1;
}

// Runs `work(i, failed)` for i in [0, threads) on `threads` threads while the
// calling thread redraws the progress bar; `failed` turns true once a worker
// has thrown, for the others to stop early. Rethrows the first exception.
template <typename Work>
void run_parallel(std::size_t threads, Work work, ProgressBar& bar, const std::atomic<std::size_t>& done) {
    std::vector<std::thread> pool;
    std::exception_ptr failure;
    std::mutex failure_mutex;
    std::atomic<bool> failed{false};
    std::atomic<std::size_t> running{threads};
    for (std::size_t i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            try {
                work(i, failed);
            } catch (...) {
                failed = true;
                const std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
            --running;
        });
    }
    while (running > 0) {
        bar.update(done);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

// Xapian's compaction, summing the passage statistics of the parts.
class StatsCompactor : public Xapian::Compactor {
  public:
    auto resolve_duplicate_metadata(const std::string& key, std::size_t num_tags, const std::string tags[])
        -> std::string override {
        // `key` is as the table stores it: the metadata key after a two-byte marker.
        const std::string_view k(key);
        if (!k.ends_with(terms::kMetaPassages) && !k.ends_with(terms::kMetaPassageWords)) return tags[0];
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < num_tags; ++i) sum += std::stoull(tags[i]);
        return std::to_string(sum);
    }
};

// Contiguous runs of the tasks with about the same bytes each: merged in
// order, the parts give the documents the order one thread would.
auto split_by_bytes(const std::vector<Task>& tasks, std::size_t parts) -> std::vector<std::pair<std::size_t, std::size_t>> {
    std::uint64_t total = 0;
    for (const Task& t : tasks) total += t.file.stat.size + 256;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::size_t begin = 0;
    std::uint64_t acc = 0;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        acc += tasks[i].file.stat.size + 256;
        if (ranges.size() + 1 < parts && acc * parts >= total * (ranges.size() + 1)) {
            ranges.emplace_back(begin, i + 1);
            begin = i + 1;
        }
    }
    ranges.emplace_back(begin, tasks.size());
    return ranges;
}

// Where a database is rebuilt: beside it, hidden.
auto aside_path(const std::string& db_path) -> fs::path {
    const fs::path target = fs::absolute(db_path);
    std::string name = ".";  // appended, not "." + ...: GCC 12 warns falsely (-Wrestrict) on that
    name += target.filename().string();
    name += ".rebuild";
    return target.parent_path() / name;
}

// Builds the whole index aside and swaps it in. The writer holds the lock
// meanwhile and is closed by the caller after the swap.
void build_aside(const std::string& db_path, const std::vector<Task>& tasks, std::size_t jobs,
                 const std::vector<std::pair<std::string, std::string>>& synonyms, const std::string& user_variants_text,
                 std::ostream& diagnostics, IndexSummary& summary, ProgressBar& bar,
                 std::unique_ptr<IndexWriter>& writer) {
    const fs::path target = fs::absolute(db_path);
    const fs::path aside = aside_path(db_path);
    std::error_code ec;
    fs::remove_all(aside, ec);  // left by a run that was killed: we hold the lock
    fs::create_directories(aside, ec);
    if (ec) throw DatabaseError("cannot create '" + aside.string() + "' to build the index in: " + ec.message());
    // A run that fails (a full disk, a bad file system) takes its half-built index with it.
    struct RemoveAside {
        const fs::path& aside;
        ~RemoveAside() {
            std::error_code ignored;
            fs::remove_all(aside, ignored);
        }
    } const remove_aside{aside};

    const auto ranges = split_by_bytes(tasks, std::min(jobs, std::max<std::size_t>(tasks.size(), 1)));
    std::vector<std::string> parts(ranges.size());
    // Each part's counts and messages; the parts are runs of the files in
    // order, so their messages in part order are in file order.
    std::vector<IndexSummary> counts(ranges.size());
    std::vector<std::string> messages(ranges.size());
    std::atomic<std::size_t> done{0};
    CommitSpace space(db_path, aside.string(), kDiskFullAside);  // the parts' commits run at once: their room adds up
    run_parallel(
        ranges.size(),
        [&](std::size_t part, const std::atomic<bool>& failed) {
            Analyzer analyzer = make_default_analyzer();
            parts[part] = (aside / ("part" + std::to_string(part))).string();
            // No fsync: a part that a crash damages is thrown away with the rest.
            Xapian::WritableDatabase db = open_writable(parts[part], Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
            // Changes go in transactions: a database destroyed outside one
            // commits what it holds, which after an error (a full disk) is
            // neither wanted nor safe.
            db.begin_transaction();
            IndexStats stats;
            std::size_t pending = 0;
            const auto commit = [&] {
                const CommitSpace::Reservation room = space.reserve(pending);
                db.commit_transaction();
                db.begin_transaction();
                pending = 0;
            };
            for (std::size_t i = ranges[part].first; i < ranges[part].second; ++i) {
                if (failed) return;  // another part failed: the build is lost
                const Outcome out = process(tasks[i], analyzer);
                messages[part] += out.diagnostics;
                tally(tasks[i], out, counts[part]);
                if (out.doc) {
                    // The batch is committed before it outgrows its share of the room left.
                    const std::size_t bytes = batch_bytes(*out.doc);
                    if (pending > 0 && pending + bytes > std::min(kPartBatchBytes, space.batch_room(ranges.size()))) commit();
                    db.add_document(out.doc->doc);
                    stats.add(*out.doc);
                    pending += bytes;
                }
                ++done;
            }
            db.set_metadata(std::string(terms::kMetaFormat), std::string(terms::kIndexFormat));
            if (part == 0) write_synonyms(db, synonyms, user_variants_text);  // one part's table: the merge keeps it
            write_stats(db, stats);
            commit();
            fill_spelling_table(db);
            commit();
            db.close();
        },
        bar, done);

    bar.clear();
    for (std::size_t part = 0; part < ranges.size(); ++part) {
        diagnostics << messages[part];
        const IndexSummary& c = counts[part];
        summary.added += c.added;
        summary.updated += c.updated;
        summary.unchanged += c.unchanged;
        summary.skipped += c.skipped;
        summary.passages_written += c.passages_written;
    }

    const fs::path merged = aside / "merged";
    {
        Xapian::Database all;
        for (const std::string& p : parts) all.add_database(Xapian::Database(p));
        StatsCompactor compactor;
        all.compact(merged.string(), 0, 0, compactor);
    }
    // Readers see the old index or the new one, never neither: the two folders
    // trade places in one rename, then the old one goes.
    if (::renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
        throw DatabaseError("cannot move the new index into '" + target.string() + "': " + std::strerror(errno));
    }
    writer.reset();  // the old database, now under `merged`: releases its lock (the old one goes with `aside`)
    record_table_sizes(target.string());
}

// build_aside, whose failure for want of room says that the build is lost
// whole (not, as a run in place would, that what it committed is kept).
void rebuild_aside(const std::string& db_path, const std::vector<Task>& tasks, std::size_t jobs,
                   const std::vector<std::pair<std::string, std::string>>& synonyms, const std::string& user_variants_text,
                   std::ostream& diagnostics, IndexSummary& summary, ProgressBar& bar,
                   std::unique_ptr<IndexWriter>& writer) {
    const auto full = [&](const std::string& message) { return DiskFullError("database '" + db_path + "': " + message, kDiskFullAside); };
    try {
        build_aside(db_path, tasks, jobs, synonyms, user_variants_text, diagnostics, summary, bar, writer);
    } catch (const DiskFullError&) {
        throw;  // CommitSpace's, already saying so
    } catch (const DatabaseError& e) {
        if (says_disk_full(e.what())) throw full(e.what());
        throw;
    } catch (const Xapian::Error& e) {
        if (says_disk_full(e.get_description())) throw full(e.get_description());
        throw;
    }
}

// Applies the tasks to the database in place: `jobs` threads read and analyse
// (in order of the tasks), this thread writes.
void update_in_place(IndexWriter& writer, const std::vector<Task>& tasks, std::size_t jobs,
                     std::ostream& diagnostics, IndexSummary& summary, ProgressBar& bar) {
    // Task i's outcome waits in slot i % kMaxInFlight: no worker runs more
    // than kMaxInFlight tasks ahead of the writer.
    std::vector<std::optional<Outcome>> slots(std::min(tasks.size(), kMaxInFlight));
    std::mutex mutex;
    std::condition_variable ready, room;
    std::size_t next = 0, consumed = 0;
    bool stop = false;
    std::vector<std::thread> pool;
    const std::size_t threads = std::min(jobs, std::max<std::size_t>(tasks.size(), 1));
    for (std::size_t t = 0; t < threads && !tasks.empty(); ++t) {
        pool.emplace_back([&] {
            Analyzer analyzer = make_default_analyzer();
            for (;;) {
                std::size_t i;
                {
                    std::unique_lock lock(mutex);
                    room.wait(lock, [&] { return stop || next < consumed + kMaxInFlight; });
                    if (stop || next >= tasks.size()) return;
                    i = next++;
                }
                Outcome out;
                try {
                    out = process(tasks[i], analyzer);
                } catch (const std::exception& e) {
                    out.skipped = true;
                    out.diagnostics = "indexer: " + terminal_text(tasks[i].file.path) + ": skipped: " + e.what() + "\n";
                }
                const std::lock_guard lock(mutex);
                slots[i % kMaxInFlight] = std::move(out);
                ready.notify_all();
            }
        });
    }
    auto finish = [&] {
        {
            const std::lock_guard lock(mutex);
            stop = true;
        }
        room.notify_all();
        for (std::thread& t : pool) t.join();
    };
    try {
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            Outcome out;
            {
                std::unique_lock lock(mutex);
                std::optional<Outcome>& slot = slots[i % kMaxInFlight];
                ready.wait(lock, [&] { return slot.has_value(); });
                out = std::move(*slot);
                slot.reset();
                consumed = i + 1;
            }
            room.notify_all();
            if (!out.diagnostics.empty()) {
                bar.clear();
                diagnostics << out.diagnostics << std::flush;
            }
            bar.update(i);
            const Task& task = tasks[i];
            tally(task, out, summary);
            if (out.same_bytes) {
                writer.commit_before(out.record.serialise().size(), kBatchBytes);
                writer.touch(task.known->docid, out.record);
            } else if (out.doc) {
                writer.commit_before(batch_bytes(*out.doc), kBatchBytes);
                if (task.known) writer.replace(task.known->docid, *out.doc);
                else writer.add(*out.doc);
            }
        }
    } catch (...) {
        finish();
        throw;
    }
    finish();
}

}  // namespace

auto IndexSummary::line() const -> std::string {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%zu added, %zu updated, %zu removed, %zu unchanged, %zu skipped; %zu passages written, %zu in index; %.2f s",
                  added, updated, removed, unchanged, skipped, passages_written, passages_total, seconds);
    return buf;
}

auto shard_of(const std::string& article_key, std::size_t shards) -> std::size_t {
    return shards <= 1 ? 0 : static_cast<std::size_t>(std::stoull(article_key, nullptr, 16) % shards);
}

namespace {

auto stub_file(const std::string& folder) -> std::string { return (fs::path(folder) / "XAPIANDB").string(); }

constexpr const char* kSpellingFolder = "spelling";

// Makes the database `path` (no articles) hold the spelling words of all the
// shards with their summed frequencies, in one commit: a search of remote
// shards gets its corrections from this local copy, as xapian-tcpsrv serves
// no spelling table.
void merge_spelling(const std::vector<std::string>& shard_paths, const std::string& path) {
    std::map<std::string, Xapian::termcount> want;
    for (const std::string& p : shard_paths) {
        const Xapian::Database shard(p);
        for (auto it = shard.spellings_begin(); it != shard.spellings_end(); ++it) want[*it] += it.get_termfreq();
    }
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    std::map<std::string, Xapian::termcount> have;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) have[*it] = it.get_termfreq();
    if (have == want) return;
    db.begin_transaction();
    for (const auto& [word, freq] : have) {
        const auto found = want.find(word);
        const Xapian::termcount keep = found == want.end() ? 0 : found->second;
        if (freq > keep) db.remove_spelling(word, freq - keep);
    }
    for (const auto& [word, freq] : want) {
        const auto found = have.find(word);
        const Xapian::termcount had = found == have.end() ? 0 : found->second;
        if (freq > had) db.add_spelling(word, freq - had);
    }
    db.commit_transaction();
}

// Writes the stub file of a folder of `shards` shards, whose id is `set`.
void write_stub(const std::string& folder, std::size_t shards, const std::string& set) {
    std::error_code ec;
    std::ofstream out(stub_file(folder) + ".new");
    out << "# " << shards << " shards written by the indexer; an article goes to shard (its key mod " << shards << ")\n";
    out << "# set " << set << '\n';
    for (std::size_t k = 0; k < shards; ++k) out << "auto shard-" << k << '\n';
    out << "# the spelling words of all the shards (a remote shard answers none); no articles\n"
        << "auto " << kSpellingFolder << '\n';
    out.close();
    if (!out) throw DatabaseError("cannot write the stub file '" + stub_file(folder) + "'");
    fs::rename(stub_file(folder) + ".new", stub_file(folder), ec);
    if (ec) throw DatabaseError("cannot write the stub file '" + stub_file(folder) + "': " + ec.message());
}

// Labels shard `path` with `label` ("K N SET", terms::kMetaShard) unless it has it.
void label_shard(const std::string& path, const std::string& label) {
    try {
        if (Xapian::Database(path).get_metadata(std::string(terms::kMetaShard)) == label) return;
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        // In a transaction: if the commit fails (a full disk), the destructor
        // cancels it rather than committing again, which would abort.
        db.begin_transaction();
        db.set_metadata(std::string(terms::kMetaShard), label);
        db.commit_transaction();
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot label the shard '" + path + "': " + e.get_description());
    }
}

// A folder of shards as its stub file describes it: the shard count (0
// without a stub file) and the folder's id, its "# set ID" line ("" without
// one), written in each shard's label (terms::kMetaShard).
struct ShardFolder {
    std::size_t shards = 0;
    std::string set;
};
auto read_stub(const std::string& db) -> ShardFolder {
    ShardFolder out;
    std::ifstream in(stub_file(db));
    for (std::string line; std::getline(in, line);) {
        const std::string_view l = trim(line);
        if (l.starts_with("auto shard-")) ++out.shards;
        else if (l.starts_with("# set ")) out.set = std::string(trim(l.substr(6)));
    }
    return out;
}

// One database brought in line with the files. `listed`: the files of this
// shard, listed once for all the shards (else the files are listed here).
auto index_one(const IndexerOptions& options, std::ostream& diagnostics, std::vector<SourceFile>* listed = nullptr) -> IndexSummary;

}  // namespace

auto run_indexer(const IndexerOptions& options, std::ostream& diagnostics) -> IndexSummary {
    std::error_code ec;
    if (ascii_lower(std::string_view(options.db_path).substr(0, 6)) == "tcp://") {
        throw UsageError("--db '" + options.db_path + "' is a remote shard: the indexer writes a database on this machine. Index the folder "
                         "of shards here and copy each shard to its server, or run the indexer on the shard's machine (README, Shards)");
    }
    // A shard, or the spelling folder, of a folder of shards is written only
    // through the folder: indexed alone it would take every article.
    const fs::path self = fs::weakly_canonical(options.db_path, ec);
    const std::string name = self.filename().string();
    if ((name.starts_with("shard-") || name == kSpellingFolder) && read_stub(self.parent_path().string()).shards > 0) {
        throw UsageError("--db '" + options.db_path + "' is part of the folder of shards '" + self.parent_path().string() +
                         "' (listed in its XAPIANDB): index the folder, indexer --db " + self.parent_path().string() + " PATH...");
    }
    const ShardFolder folder = read_stub(options.db_path);
    const std::size_t existing = folder.shards;
    if (existing == 0 && options.shards <= 1) return index_one(options, diagnostics);
    const std::size_t shards = options.shards == 0 ? existing : options.shards;
    if (existing > 0 && shards != existing) {
        throw UsageError("--db '" + options.db_path + "' holds " + std::to_string(existing) + " shards, not " + std::to_string(shards) +
                         ": index into a new folder to change the count (--shards " + std::to_string(shards) + ")");
    }
    if (existing == 0 && fs::exists(fs::path(options.db_path) / "iamglass", ec)) {
        throw UsageError("--db '" + options.db_path + "' is one database, not a folder of shards: index into a new folder with --shards " +
                         std::to_string(shards));
    }
    fs::create_directories(options.db_path, ec);
    if (ec) throw DatabaseError("cannot create the shard folder '" + options.db_path + "': " + ec.message());
    // The stub file first: shards written later are found by it. Its set id
    // tells this folder's shards from another's (a folder written before
    // there were ids gets one).
    std::string set = folder.set;
    if (existing == 0 || set.empty()) {
        std::random_device random;
        set = to_hex((static_cast<std::uint64_t>(random()) << 32) ^ random());
        write_stub(options.db_path, shards, set);
    }
    const auto started = Clock::now();
    // The files are listed (and their stat taken) once, and dealt to their shards.
    std::vector<std::vector<SourceFile>> dealt(shards);
    {
        std::vector<fs::path> paths(options.paths.begin(), options.paths.end());
        std::vector<std::string> notes;
        std::vector<SourceFile> files = list_source_files(paths, options.db_path, &notes, job_count(options.jobs));
        for (const std::string& n : notes) diagnostics << "indexer: " << n << '\n';
        for (SourceFile& file : files) {
            const std::size_t k = shard_of(article_key(absolute_path(file)), shards);
            dealt[k].push_back(std::move(file));
        }
    }
    IndexSummary total;
    std::vector<std::string> shard_paths;
    for (std::size_t k = 0; k < shards; ++k) {
        IndexerOptions one = options;
        one.db_path = (fs::path(options.db_path) / ("shard-" + std::to_string(k))).string();
        shard_paths.push_back(one.db_path);
        const IndexSummary s = index_one(one, diagnostics, &dealt[k]);
        label_shard(one.db_path, std::to_string(k) + " " + std::to_string(shards) + " " + set);
        total.added += s.added;
        total.updated += s.updated;
        total.removed += s.removed;
        total.unchanged += s.unchanged;
        total.skipped += s.skipped;
        total.passages_written += s.passages_written;
        total.passages_total += s.passages_total;
        total.rebuilt = total.rebuilt || s.rebuilt;
    }
    const std::string spelling = (fs::path(options.db_path) / kSpellingFolder).string();
    if (total.added + total.updated + total.removed > 0 || !fs::exists(spelling, ec)) {
        try {
            merge_spelling(shard_paths, spelling);
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot write the spelling words of the shards to '" + spelling + "': " + e.get_description());
        }
    }
    total.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return total;
}

namespace {

auto index_one(const IndexerOptions& options, std::ostream& diagnostics, std::vector<SourceFile>* listed) -> IndexSummary {
    const auto started = Clock::now();
    std::vector<fs::path> paths(options.paths.begin(), options.paths.end());
    std::error_code ec;
    const fs::path db_abs = fs::weakly_canonical(options.db_path, ec);
    for (const fs::path& p : paths) {
        if (fs::exists(p, ec) && is_under(fs::weakly_canonical(p, ec), db_abs)) {
            throw UsageError("--db '" + options.db_path + "' is the folder to index '" + p.string() +
                             "' or holds it: give the database a folder of its own, e.g. --db " +
                             (db_abs.parent_path() / (db_abs.filename().string() + "-db")).string());
        }
    }
    // Spelling variants: the shipped ones and the user's, read (and checked)
    // before anything is written.
    const std::vector<VariantGroup> shipped = parse_variants(shipped_variants(), "the shipped variants");
    std::vector<VariantGroup> groups = shipped;
    std::string user_text;
    for (const std::string& file : options.variant_files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) throw UsageError("--variants '" + file + "': cannot be read: " + std::strerror(errno));
        groups = parse_variants(text.str(), "--variants '" + file + "'", std::move(groups));
        user_text += text.str() + "\n";
    }
    // The folders are listed (each article's stat taken) on a thread of its
    // own while this one opens the database and reads what it recorded: an
    // unchanged re-run is those two and little else.
    std::vector<SourceFile> files;
    std::vector<std::string> listing_notes;
    std::future<std::vector<SourceFile>> listing;
    if (listed) {
        files = std::move(*listed);
    } else {
        listing = std::async(std::launch::async,
                             [&] { return list_source_files(paths, options.db_path, &listing_notes, job_count(options.jobs)); });
    }

    // Folders given on this run: an article recorded under one of them whose
    // file was not found again has been deleted.
    std::vector<std::string> folders;
    for (const fs::path& p : paths) {
        if (fs::is_directory(p, ec)) folders.push_back(fs::weakly_canonical(p, ec).string());
    }

    // A first index that fails takes the empty database it made with it.
    const bool created = !fs::exists(options.db_path, ec);
    std::unique_ptr<IndexWriter> writer;
    auto discard_if_created = [&] {
        if (!created) return;
        writer.reset();  // lets go of the lock first
        fs::remove_all(options.db_path, ec);
    };
    try {
        writer = std::make_unique<IndexWriter>(options.db_path, options.wait_seconds);
    } catch (const DatabaseDamagedError& e) {
        if (!options.rebuild) {
            throw DatabaseDamagedError(std::string(e.what()) + "; " + rebuild_hint(options.db_path));
        }
        // Kept, not deleted: moved aside, and the index built anew in its place.
        const std::string kept = options.db_path + ".damaged";
        fs::remove_all(kept, ec);
        fs::rename(options.db_path, kept, ec);
        if (ec) throw DatabaseError(std::string(e.what()) + "; and it cannot be moved aside: " + ec.message());
        diagnostics << "indexer: " << terminal_text(e.what()) << ": moved to '" << terminal_text(kept)
                    << "' and built anew\n";
        writer = std::make_unique<IndexWriter>(options.db_path, options.wait_seconds);
    }
    // A rebuild killed before its swap left its half-built index: we hold the lock.
    fs::remove_all(aside_path(options.db_path), ec);
    if (options.variant_files.empty()) {
        // The user's variants as the last run that named files recorded them.
        user_text = user_variants(writer->database());
        try {
            groups = parse_variants(user_text, "the variants recorded in '" + options.db_path + "'", shipped);
        } catch (const UsageError& e) {
            // E.g. a word the shipped variants now hold too: the shipped ones win.
            diagnostics << "indexer: " << terminal_text(e.what()) << ": your variants are left out; give them again with --variants\n";
            user_text.clear();
        }
    }
    std::vector<std::pair<std::string, std::string>> synonyms;
    {
        Analyzer analyzer = make_default_analyzer();
        synonyms = variant_synonyms(groups, analyzer);
    }
    const auto known = writer->articles();
    if (listing.valid()) {
        try {
            files = listing.get();  // a path given that is not there: UsageError
        } catch (...) {
            discard_if_created();
            throw;
        }
        for (const std::string& n : listing_notes) diagnostics << "indexer: " << n << '\n';
    }
    const bool rebuild = options.rebuild || writer->article_count() == 0 || !writer->format_is_current();
    IndexSummary summary;
    summary.rebuilt = rebuild;

    std::vector<Task> tasks;
    // Files and articles by article_hash: a number, where the key's hex
    // string would cost an allocation a file (an unchanged run is mostly this).
    std::unordered_set<std::uint64_t> seen;
    seen.reserve(files.size());
    auto consider = [&](SourceFile file) {
        const std::uint64_t key = article_hash(absolute_path(file));
        if (!seen.insert(key).second) return;
        Task task;
        task.file = std::move(file);
        task.rebuild = rebuild;
        const auto old = known.find(key);
        if (old != known.end()) {
            task.known = &old->second;
            if (!rebuild && same_stat(old->second.record, task)) {
                ++summary.unchanged;
                return;
            }
        }
        tasks.push_back(std::move(task));
    };
    for (SourceFile& file : files) consider(std::move(file));
    std::vector<SourceFile>().swap(files);

    std::vector<Xapian::docid> gone;
    // Articles whose file cannot be checked (e.g. in a folder that may not be
    // listed for now): kept as indexed, said once with the first of them.
    std::size_t unchecked = 0;
    std::string first_unchecked, unchecked_reason;
    for (const auto& [key, article] : known) {
        if (seen.count(key)) continue;
        const ArticleRecord& rec = article.record;
        bool under_indexed_folder = false;
        for (const std::string& folder : folders) under_indexed_folder |= is_under(rec.path, folder);
        struct stat st {};
        const bool found = ::stat(rec.path.c_str(), &st) == 0;
        const int why = found ? 0 : errno;
        const bool exists = found && S_ISREG(st.st_mode);
        if (!found && why != ENOENT && why != ENOTDIR && !rebuild) {
            // Only a file that is not there is gone: bad input loses nothing.
            // (Said only of articles this run would otherwise have removed.)
            if (under_indexed_folder || options.prune) {
                ++unchecked;
                ++summary.skipped;
                if (first_unchecked.empty() || rec.path < first_unchecked) {
                    first_unchecked = rec.path;
                    unchecked_reason = std::strerror(why);
                }
            }
            continue;
        }
        if (rebuild) {
            // Indexed from a folder not named on this run: rebuilt from its file too.
            if (exists && !under_indexed_folder) consider(SourceFile{rec.path, rec.root, rec.relative_path, stat_file(rec.path)});
            if (!seen.count(key)) ++summary.removed;
            continue;
        }
        if (exists || !(under_indexed_folder || options.prune)) continue;  // elsewhere, or e.g. now a hidden path
        gone.push_back(article.docid);
    }
    summary.removed += gone.size();
    if (unchecked > 0) {
        diagnostics << "indexer: " << terminal_text(first_unchecked) << ": cannot be checked (" << unchecked_reason << ")";
        if (unchecked > 1) diagnostics << ", nor can " << unchecked - 1 << " more indexed file" << (unchecked > 2 ? "s" : "");
        diagnostics << ": kept as indexed\n";
    }

    const std::size_t jobs = job_count(options.jobs);
    ProgressBar bar(options.progress, tasks.size());
    if (rebuild) {
        try {
            rebuild_aside(options.db_path, tasks, jobs, synonyms, user_text, diagnostics, summary, bar, writer);
        } catch (...) {
            discard_if_created();
            throw;
        }
    } else {
        update_in_place(*writer, tasks, jobs, diagnostics, summary, bar);
        for (const Xapian::docid docid : gone) {
            writer->commit_before(0, kBatchBytes);
            writer->remove(docid);
        }
        writer->set_synonyms(synonyms, user_text);
        writer->commit();
    }
    writer.reset();
    summary.passages_total = read_stats(Xapian::Database(options.db_path)).passages;
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary;
}

}  // namespace
}  // namespace fts
