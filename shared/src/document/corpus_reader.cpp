#include "fts/document/corpus_reader.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <iterator>
#include <mutex>
#include <thread>

#include "fts/document/metadata.hpp"
#include "fts/document/text_extract.hpp"
#include "fts/error.hpp"
#include "fts/util/hash.hpp"
#include "fts/util/text.hpp"
#include "fts/util/utf8.hpp"

namespace fs = std::filesystem;

namespace fts {
namespace {

auto lower_extension(const fs::path& p) -> std::string {
    return ascii_lower(p.extension().string());
}

auto is_article_name(std::string_view name) -> bool {
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return false;
    const std::string ext = ascii_lower(std::string(name.substr(dot)));
    return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm";
}

auto is_hidden(std::string_view name) -> bool {
    return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

auto file_stat_of(const struct stat& st) -> FileStat {
    return {static_cast<std::uint64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
            static_cast<std::uint64_t>(st.st_ino)};
}

auto join(const std::string& root, const std::string& relative) -> std::string {
    return root.ends_with('/') ? root + relative : root + "/" + relative;
}

// Closes a file descriptor on scope exit.
struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
};

// Closes a directory stream on scope exit.
struct DirCloser {
    DIR* dir;
    ~DirCloser() {
        if (dir != nullptr) closedir(dir);
    }
};

// A folder waiting to be read: its open descriptor and its path below the root.
struct PendingFolder {
    int fd;
    std::string relative;
};

// Walks one root's folders on several threads. A thread takes a folder, reads
// its entries and takes its articles' stat (relative to the folder's
// descriptor, not by whole path); the folders it finds go to the queue for
// any thread to take, or, once the queue holds kMaxQueued open descriptors,
// are walked there and then by the thread that found them (so that a tree of
// many folders does not hold a descriptor open for each).
class FolderWalk {
  public:
    FolderWalk(std::string root, std::string skip) : root_(std::move(root)), skip_(std::move(skip)) {}
    FolderWalk(const FolderWalk&) = delete;
    auto operator=(const FolderWalk&) -> FolderWalk& = delete;

    // Adds the articles under the open folder `fd` (the walk takes the
    // descriptor) to `files` and what was left out to `notes`.
    void run(int fd, std::size_t threads, std::vector<SourceFile>& files, std::vector<std::string>& notes) {
        queue_.push_back({fd, ""});
        std::vector<Found> found(std::max<std::size_t>(threads, 1));
        std::vector<std::thread> pool;
        for (std::size_t t = 1; t < found.size(); ++t) pool.emplace_back([&, t] { work(found[t]); });
        work(found[0]);
        for (std::thread& t : pool) t.join();
        for (Found& f : found) {
            std::move(f.files.begin(), f.files.end(), std::back_inserter(files));
            std::move(f.notes.begin(), f.notes.end(), std::back_inserter(notes));
        }
    }

  private:
    static constexpr std::size_t kMaxQueued = 64;
    struct Found {
        std::vector<SourceFile> files;
        std::vector<std::string> notes;
    };

    // Takes folders until none is queued and no thread is reading one (which
    // could queue more).
    void work(Found& out) {
        for (;;) {
            PendingFolder folder;
            {
                std::unique_lock lock(mutex_);
                queued_.wait(lock, [&] { return !queue_.empty() || busy_ == 0; });
                if (queue_.empty()) return;
                folder = std::move(queue_.front());
                queue_.pop_front();
                ++busy_;
            }
            read_folder(folder, out);
            const std::lock_guard lock(mutex_);
            if (--busy_ == 0 && queue_.empty()) queued_.notify_all();
        }
    }

    // Queues the folder, or says it was not (the caller walks it).
    auto offer(PendingFolder& folder) -> bool {
        const std::lock_guard lock(mutex_);
        if (queue_.size() >= kMaxQueued) return false;
        queue_.push_back(std::move(folder));
        queued_.notify_one();
        return true;
    }

    void read_folder(PendingFolder& folder, Found& out) {
        const int fd = folder.fd;
        const std::string& relative = folder.relative;
        auto note = [&](const std::string& rel, const std::string& what) { out.notes.push_back(terminal_text(join(root_, rel)) + ": " + what); };
        const DirCloser dir{fdopendir(fd)};
        if (dir.dir == nullptr) {
            close(fd);
            return;
        }
        while (const dirent* entry = readdir(dir.dir)) {
            const std::string_view name = entry->d_name;
            if (name == "." || name == ".." || is_hidden(name)) continue;
            std::string rel = relative.empty() ? std::string(name) : relative + "/" + std::string(name);
            unsigned char type = entry->d_type;
            struct stat st {};
            if (type == DT_UNKNOWN) {
                if (fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
            }
            if (type == DT_DIR) {
                if (!skip_.empty() && is_under(join(root_, rel), skip_)) continue;
                const int sub = openat(fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0) {
                    note(rel, std::string("folder left out: cannot list it: ") + std::strerror(errno));
                    continue;
                }
                PendingFolder child{sub, std::move(rel)};
                if (!offer(child)) read_folder(child, out);
                continue;
            }
            if (type == DT_LNK) {
                if (fstatat(fd, entry->d_name, &st, 0) != 0) {
                    if (is_article_name(name)) note(rel, std::string("left out: a symbolic link to nothing usable (") + std::strerror(errno) + ")");
                    continue;
                }
                if (S_ISDIR(st.st_mode)) {
                    note(rel, "folder left out: a symbolic link to a folder is not followed (index its target by name)");
                    continue;
                }
            } else if (type != DT_REG || !is_article_name(name) || fstatat(fd, entry->d_name, &st, 0) != 0) {
                continue;  // only an article's stat is taken
            }
            if (!is_article_name(name) || !S_ISREG(st.st_mode)) continue;
            std::string path = join(root_, rel);
            out.files.push_back({std::move(path), root_, std::move(rel), file_stat_of(st)});
        }
    }

    const std::string root_;
    const std::string skip_;
    std::mutex mutex_;
    std::condition_variable queued_;
    std::deque<PendingFolder> queue_;
    std::size_t busy_ = 0;  // threads reading a folder
};

// Binary data: a NUL byte or mostly control characters in the first 8 KiB.
auto looks_binary(std::string_view bytes) -> bool {
    const std::string_view head = bytes.substr(0, 8192);
    std::size_t control = 0;
    for (char ch : head) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    }
    return control * 10 > head.size();
}

}  // namespace

auto is_under(const fs::path& path, const fs::path& folder) -> bool {
    if (folder.empty()) return false;
    return std::mismatch(folder.begin(), folder.end(), path.begin(), path.end()).first == folder.end();
}

auto format_of(const fs::path& path) -> SourceFormat {
    const std::string ext = lower_extension(path);
    if (ext == ".html" || ext == ".htm") return SourceFormat::html;
    if (ext == ".md" || ext == ".markdown") return SourceFormat::markdown;
    return SourceFormat::text;
}

auto absolute_path(const SourceFile& file) -> std::string { return join(file.root, file.relative_path); }

auto stat_file(const std::string& path) -> FileStat {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return file_stat_of(st);
}

auto list_source_files(const std::vector<fs::path>& paths, const fs::path& skip, std::vector<std::string>* notes,
                       std::size_t threads) -> std::vector<SourceFile> {
    std::vector<SourceFile> files;
    std::vector<std::string> found_notes;
    std::error_code ec;
    const std::string skip_abs = skip.empty() ? std::string() : fs::weakly_canonical(skip, ec).string();
    for (const fs::path& given : paths) {
        if (!fs::exists(given, ec)) throw UsageError("'" + given.string() + "': no such file or folder");
        const fs::path abs = fs::weakly_canonical(given, ec);
        if (fs::is_regular_file(abs, ec)) {
            files.push_back({given.string(), abs.parent_path().string(), abs.filename().string(), stat_file(abs.string())});
            continue;
        }
        if (!fs::is_directory(abs, ec)) throw UsageError("'" + given.string() + "': not a file or folder");
        const int fd = open(abs.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw UsageError("'" + given.string() + "': cannot list: " + std::strerror(errno));
        FolderWalk(abs.string(), skip_abs).run(fd, threads, files, found_notes);
    }
    // Threads find things in no set order: notes are given sorted, as files are.
    std::sort(found_notes.begin(), found_notes.end());
    if (notes != nullptr) std::move(found_notes.begin(), found_notes.end(), std::back_inserter(*notes));
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
        return std::tie(a.root, a.relative_path) < std::tie(b.root, b.relative_path);
    });
    files.erase(std::unique(files.begin(), files.end(),
                            [](const SourceFile& a, const SourceFile& b) {
                                return a.root == b.root && a.relative_path == b.relative_path;
                            }),
                files.end());
    return files;
}

auto article_from_bytes(const SourceFile& file, std::string_view bytes) -> LoadedArticle {
    LoadedArticle loaded;
    loaded.content_hash = fnv1a64(bytes);
    if (looks_binary(bytes)) {
        loaded.skip_reason = "binary file (NUL or control bytes), not text";
        return loaded;
    }
    Utf8Repair repaired = repair_utf8(bytes);
    if (repaired.replaced > 0) {
        loaded.warnings.push_back(std::to_string(repaired.replaced) + " invalid UTF-8 sequence(s) replaced by U+FFFD (first at byte " +
                                  std::to_string(repaired.first_bad) + ")");
    }
    Article article;
    article.root = file.root;
    article.relative_path = file.relative_path;
    article.format = format_of(fs::path(file.path));

    std::string_view text = repaired.text;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // byte-order mark
    ArticleMetadata declared;
    ExtractedText extracted;
    if (article.format == SourceFormat::html) {
        extracted = extract_html(text);
    } else {
        FrontMatter fm = parse_front_matter(text);
        if (!fm.problem.empty()) loaded.warnings.push_back(fm.problem);
        declared = fm.meta;
        extracted = extract_plain(text.substr(fm.body_offset), article.format);
    }
    article.body = std::move(extracted.body);
    if (article.body.find_first_not_of(" \n\t") == std::string::npos) {
        loaded.skip_reason = bytes.empty() ? "empty file" : "no text to index";
        return loaded;
    }
    // Front matter wins over what the markup declares, which wins over what the text suggests.
    article.meta = declared;
    if (article.meta.title.empty()) article.meta.title = extracted.meta.title;
    if (article.meta.author.empty()) article.meta.author = extracted.meta.author;
    if (article.meta.source.empty()) article.meta.source = extracted.meta.source;
    if (!article.meta.date) article.meta.date = extracted.meta.date;
    derive_metadata(article.body, article.meta);
    loaded.article = std::move(article);
    return loaded;
}

auto load_article(const SourceFile& file) -> LoadedArticle {
    auto failed = [](std::string reason) {
        LoadedArticle out;
        out.skip_reason = std::move(reason);
        return out;
    };
    // Non-blocking, so that a FIFO, a device or a file like /proc/kmsg behind
    // a link cannot hang the run; and only a regular file is read.
    const int fd = ::open(file.path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return failed(std::string("cannot read: ") + std::strerror(errno));
    const FdCloser closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return failed(std::string("cannot read: ") + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return failed("not a regular file");
    std::string bytes;
    bytes.resize(std::min<std::size_t>(static_cast<std::size_t>(st.st_size), kMaxArticleBytes) + 1);
    std::size_t have = 0;
    bool more = false;  // bytes past kMaxArticleBytes
    while (true) {
        if (have == bytes.size()) {
            if (have > kMaxArticleBytes) {
                more = true;
                break;
            }
            bytes.resize(std::min(bytes.size() * 2, kMaxArticleBytes + 1));
        }
        const ssize_t n = ::read(fd, bytes.data() + have, bytes.size() - have);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return failed("would block: not an ordinary file's contents");
            return failed(std::string("read error: ") + std::strerror(errno));
        }
        have += static_cast<std::size_t>(n);
    }
    bytes.resize(std::min(have, kMaxArticleBytes));
    LoadedArticle loaded = article_from_bytes(file, bytes);
    if (more) {
        loaded.warnings.push_back("larger than " + std::to_string(kMaxArticleBytes >> 20) +
                                  " MiB: only its first " + std::to_string(kMaxArticleBytes >> 20) + " MiB are indexed");
    }
    return loaded;
}

}  // namespace fts
