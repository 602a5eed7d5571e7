#include "fts/document/corpus_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

auto is_article_file(const fs::path& p) -> bool {
    const std::string ext = lower_extension(p);
    return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm";
}

auto is_hidden(const fs::path& p) -> bool {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

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

auto list_source_files(const std::vector<fs::path>& paths, const fs::path& skip) -> std::vector<SourceFile> {
    std::vector<SourceFile> files;
    std::error_code ec;
    const fs::path skip_abs = skip.empty() ? fs::path() : fs::weakly_canonical(skip, ec);
    for (const fs::path& given : paths) {
        if (!fs::exists(given, ec)) throw UsageError("'" + given.string() + "': no such file or folder");
        const fs::path abs = fs::weakly_canonical(given, ec);
        if (fs::is_regular_file(abs, ec)) {
            files.push_back({given, abs.parent_path().string(), abs.filename().string()});
            continue;
        }
        if (!fs::is_directory(abs, ec)) throw UsageError("'" + given.string() + "': not a file or folder");
        fs::recursive_directory_iterator it(abs, fs::directory_options::skip_permission_denied, ec);
        if (ec) throw UsageError("'" + given.string() + "': cannot list: " + ec.message());
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            const fs::path& p = it->path();
            if (is_hidden(p) || is_under(p, skip_abs)) {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file(ec) || !is_article_file(p)) continue;
            files.push_back({p, abs.string(), p.lexically_relative(abs).generic_string()});
        }
    }
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
    article.format = format_of(file.path);

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
    std::ifstream in(file.path, std::ios::binary);
    if (!in) {
        LoadedArticle failed;
        failed.skip_reason = std::string("cannot read: ") + std::strerror(errno);
        return failed;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        LoadedArticle failed;
        failed.skip_reason = std::string("read error: ") + std::strerror(errno);
        return failed;
    }
    return article_from_bytes(file, buffer.str());
}

}  // namespace fts
