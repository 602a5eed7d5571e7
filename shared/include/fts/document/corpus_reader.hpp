// Finds article files under the folders to index and loads them as Articles.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fts/document/article.hpp"

namespace fts {

// A file's stat: the same size, modification time and inode mean unchanged.
struct FileStat {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t inode = 0;
};

// The stat of the file at `path` (following symbolic links); all zero when it cannot be had.
[[nodiscard]] auto stat_file(const std::string& path) -> FileStat;

// One file to consider, with the root it was found under.
struct SourceFile {
    std::string path;            // as found on disk
    std::string root;            // absolute, normalised path of the indexed folder
    std::string relative_path;   // '/'-separated path below root
    FileStat stat;               // taken when it was found
};

// root/relative_path: the file's identity, whatever path it was given by.
[[nodiscard]] auto absolute_path(const SourceFile& file) -> std::string;

// Lists .txt, .md, .markdown, .html and .htm files under each path (recursively,
// skipping hidden entries, symbolic links to folders, folders it may not read
// and anything under `skip`, e.g. the database itself), sorted by path, each
// with its stat. A path naming a file is taken as is, with its folder as root.
// Folders are walked by descriptor (each file's stat is taken relative to its
// folder's descriptor, not by its whole path: an unchanged run is mostly
// this), on `threads` threads, one folder at a time each. What was left out
// that the user may have meant to index (a link to a folder, a folder that
// cannot be listed, a broken link) is said in `notes`, one line each, sorted.
// Throws UsageError when a path does not exist.
[[nodiscard]] auto list_source_files(const std::vector<std::filesystem::path>& paths, const std::filesystem::path& skip,
                                     std::vector<std::string>* notes = nullptr, std::size_t threads = 1)
    -> std::vector<SourceFile>;

// True when `path` is `folder` or lies below it, comparing whole path components
// (both absolute and normalised). Nothing is under an empty folder.
[[nodiscard]] auto is_under(const std::filesystem::path& path, const std::filesystem::path& folder) -> bool;

// The format a file name says it holds.
[[nodiscard]] auto format_of(const std::filesystem::path& path) -> SourceFormat;

// A file read from disk: its bytes' hash, and the article or why there is none.
struct LoadedArticle {
    std::uint64_t content_hash = 0;      // of the raw bytes: decides whether to re-index
    std::optional<Article> article;      // empty when the file is skipped
    std::string skip_reason;             // why it was skipped ("empty file", "binary file", ...)
    std::vector<std::string> warnings;   // repaired input ("3 invalid UTF-8 sequences replaced")
};

// The most of one file that is read and indexed; the rest is left out, with a warning.
inline constexpr std::size_t kMaxArticleBytes = std::size_t{16} << 20;

// Reads the file (an expected failure such as an unreadable, empty, binary
// or non-regular file comes back as skip_reason, never as an exception; a
// file is opened without blocking, so a FIFO or device cannot hang the run),
// repairs invalid UTF-8, parses front matter, strips markup and derives
// missing metadata.
[[nodiscard]] auto load_article(const SourceFile& file) -> LoadedArticle;

// The same, from bytes already read (used by load_article and the tests).
[[nodiscard]] auto article_from_bytes(const SourceFile& file, std::string_view bytes) -> LoadedArticle;

}  // namespace fts
