#include "fts/index/indexing_run.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <set>

#include "fts/analysis/analyzer.hpp"
#include "fts/document/corpus_reader.hpp"
#include "fts/index/index_writer.hpp"

namespace fs = std::filesystem;

namespace fts {
namespace {

using Clock = std::chrono::steady_clock;

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
    ~ProgressBar() {
        if (drawn_) std::fprintf(stderr, "\r%*s\r", 60, "");
    }

  private:
    bool enabled_;
    std::size_t total_;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_ = start_;
    bool drawn_ = false;
};

}  // namespace

auto IndexSummary::line() const -> std::string {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%zu added, %zu updated, %zu removed, %zu unchanged, %zu skipped; %zu passages written, %zu in index; %.2f s",
                  added, updated, removed, unchanged, skipped, passages_written, passages_total, seconds);
    return buf;
}

auto run_indexer(const IndexerOptions& options, std::ostream& diagnostics) -> IndexSummary {
    const auto started = Clock::now();
    std::vector<fs::path> paths(options.paths.begin(), options.paths.end());
    const std::vector<SourceFile> files = list_source_files(paths, options.db_path);

    // Folders given on this run: an article recorded under one of them whose
    // file was not found again has been deleted.
    std::vector<std::string> folders;
    std::error_code ec;
    for (const fs::path& p : paths) {
        if (fs::is_directory(p, ec)) folders.push_back(fs::weakly_canonical(p, ec).string());
    }

    IndexWriter writer(options.db_path);
    const auto known = writer.articles();
    const bool format_current = writer.format_is_current();
    const Analyzer analyzer = make_default_analyzer();
    IndexSummary summary;
    std::set<std::string> seen;

    writer.begin();
    ProgressBar bar(options.progress, files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        bar.update(i);
        const SourceFile& file = files[i];
        ArticleRecord record;
        record.path = (fs::path(file.root) / file.relative_path).string();
        record.root = file.root;
        record.relative_path = file.relative_path;
        const std::string key = record.key();
        seen.insert(key);

        LoadedArticle loaded = load_article(file);
        for (const std::string& w : loaded.warnings) diagnostics << "indexer: " << file.path.string() << ": " << w << '\n';
        if (!loaded.article) {
            // What was indexed from this file before stays: bad input loses nothing.
            diagnostics << "indexer: " << file.path.string() << ": skipped: " << loaded.skip_reason << '\n';
            ++summary.skipped;
            continue;
        }
        record.content_hash = loaded.content_hash;
        const auto old = known.find(key);
        const bool exists = old != known.end();
        if (exists && format_current && old->second.content_hash == record.content_hash &&
            old->second.relative_path == record.relative_path) {
            ++summary.unchanged;
            continue;
        }
        auto docs = build_article_documents(*loaded.article, key, analyzer);
        summary.passages_written += docs.passages.size();
        writer.replace_article(record, std::move(docs));
        ++(exists ? summary.updated : summary.added);
    }
    for (const auto& [key, rec] : known) {
        if (seen.count(key)) continue;
        bool under_indexed_folder = false;
        for (const std::string& folder : folders) under_indexed_folder |= is_under(rec.path, folder);
        if (!under_indexed_folder) continue;
        if (fs::exists(rec.path, ec) && fs::is_regular_file(rec.path, ec)) continue;  // e.g. now a hidden path
        writer.remove_article(key);
        ++summary.removed;
    }
    writer.commit();
    summary.passages_total = writer.passage_count();
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary;
}

}  // namespace fts
