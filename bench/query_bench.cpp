// query_bench: in-process query latency of our library against SQLite FTS5, for bench/perf.
//
//   query_bench build-fts5 FTS5_DB FOLDER
//       Builds an SQLite FTS5 table (title, body, date, source; tokenizer
//       'porter unicode61') from the .txt/.md files under FOLDER, in one
//       transaction, and prints one JSON object: articles, bytes, seconds.
//   query_bench run --queries FILE [--ours DB] [--fts5 FTS5_DB] [--limit 10]
//                   [--warmup 2] [--passes 5]
//       FILE: one query a line, `id<TAB>category<TAB>our query<TAB>FTS5 MATCH`
//       (an empty MATCH: FTS5 skips that query). Every query runs `warmup`
//       untimed passes, then `passes` timed ones, each system on its own; a
//       query's time is the median of its timed passes. Prints one JSON object:
//       per system p50/p95/p99 in microseconds over the queries, and per query
//       its median time, hit count and any error.
//
// Both systems return the top `limit` hits with snippets: ours through
// fts::Searcher::search() (which builds the snippets), FTS5 with snippet() and bm25()
// (ORDER BY rank LIMIT n). The text of every hit is copied out, so neither
// side is timed for less than a caller would need.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/error.hpp"
#include "fts/ranking/searcher.hpp"
#include "fts/util/json.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------- ours
// The only code that calls our library. Porting to another API (fts::Searcher)
// means changing these few lines.
class Ours {
  public:
    explicit Ours(const std::string& db_path) : searcher_(db_path) {}

    // Top `limit` hits with snippets; returns the number of hits.
    auto run(const std::string& query, std::size_t limit) -> std::size_t {
        fts::SearchRequest request;
        request.query = query;
        request.limit = limit;
        const fts::SearchResults results = searcher_.search(request);
        std::size_t bytes = 0;
        for (const fts::Hit& hit : results.hits) bytes += hit.snippet.text.size() + hit.record.title.size();
        sink_ += bytes;
        return results.hits.size();
    }

  private:
    fts::Searcher searcher_;
    std::size_t sink_ = 0;
};

// ---------------------------------------------------------------- SQLite
struct SqliteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

auto open_sqlite(const std::string& path, int flags) -> DbPtr {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    DbPtr db(raw);
    if (rc != SQLITE_OK) {
        throw SqliteError("sqlite: cannot open '" + path + "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    return db;
}

void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw SqliteError("sqlite: " + sql + ": " + msg);
    }
}

auto prepare(sqlite3* db, const std::string& sql) -> StmtPtr {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        throw SqliteError("sqlite: cannot prepare '" + sql + "': " + sqlite3_errmsg(db));
    }
    return StmtPtr(raw);
}

class Fts5 {
  public:
    explicit Fts5(const std::string& path) : db_(open_sqlite(path, SQLITE_OPEN_READONLY)) {
        stmt_ = prepare(db_.get(),
                        "SELECT path, title, snippet(articles, -1, '[', ']', '…', 40), bm25(articles) "
                        "FROM articles WHERE articles MATCH ?1 ORDER BY rank LIMIT ?2");
    }

    auto run(const std::string& match, std::size_t limit) -> std::size_t {
        sqlite3_stmt* s = stmt_.get();
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, static_cast<sqlite3_int64>(limit));
        std::size_t hits = 0;
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            std::string path(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
                             static_cast<std::size_t>(sqlite3_column_bytes(s, 0)));
            std::string title(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)),
                              static_cast<std::size_t>(sqlite3_column_bytes(s, 1)));
            std::string snippet(reinterpret_cast<const char*>(sqlite3_column_text(s, 2)),
                                static_cast<std::size_t>(sqlite3_column_bytes(s, 2)));
            sink_ += path.size() + title.size() + snippet.size() + (sqlite3_column_double(s, 3) < 0 ? 1 : 0);
            ++hits;
        }
        if (rc != SQLITE_DONE) {
            const std::string msg = sqlite3_errmsg(db_.get());
            sqlite3_reset(s);
            throw SqliteError("fts5: " + msg);
        }
        return hits;
    }

  private:
    DbPtr db_;
    StmtPtr stmt_;
    std::size_t sink_ = 0;
};

// ---------------------------------------------------------------- building FTS5
struct ArticleFields {
    std::string title, body, date, source;
};

auto trim(const std::string& s) -> std::string {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

auto lower(std::string s) -> std::string {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

auto unquote(const std::string& v) -> std::string {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        return v.substr(1, v.size() - 2);
    }
    return v;
}

// A front-matter block (---, key: value lines, ---) gives title, date and
// source; otherwise the first non-empty line is the title. The rest is the body.
auto split_article(const std::string& text) -> ArticleFields {
    ArticleFields a;
    std::size_t pos = 0;
    auto next_line = [&](std::string& line) -> bool {
        if (pos >= text.size()) return false;
        const auto nl = text.find('\n', pos);
        const auto end = nl == std::string::npos ? text.size() : nl;
        line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        pos = nl == std::string::npos ? text.size() : nl + 1;
        return true;
    };
    std::string line;
    if (text.rfind("---", 0) == 0 && next_line(line) && trim(line) == "---") {
        bool closed = false;
        while (next_line(line)) {
            if (trim(line) == "---") {
                closed = true;
                break;
            }
            const auto colon = line.find(':');
            if (colon == std::string::npos || trim(line).rfind('#', 0) == 0) continue;
            const std::string key = lower(trim(line.substr(0, colon)));
            const std::string value = unquote(trim(line.substr(colon + 1)));
            if (key == "title") a.title = value;
            else if (key == "date" || key == "published") a.date = value;
            else if (key == "source" || key == "publication" || key == "publisher") a.source = value;
        }
        if (!closed) pos = 0;  // not front matter after all
    } else {
        pos = 0;
    }
    if (a.title.empty()) {
        const std::size_t body_start = pos;
        while (next_line(line)) {
            if (!trim(line).empty()) {
                a.title = trim(line);
                break;
            }
        }
        if (a.title.empty()) pos = body_start;
    }
    a.body = text.substr(std::min(pos, text.size()));
    return a;
}

auto read_file(const fs::path& p) -> std::string {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

auto build_fts5(const std::string& db_path, const std::string& folder) -> int {
    std::vector<fs::path> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec) throw std::runtime_error("cannot list '" + folder + "': " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) throw std::runtime_error("cannot list '" + folder + "': " + ec.message());
        const fs::path& p = it->path();
        if (p.filename().string().rfind('.', 0) == 0) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        const std::string ext = lower(p.extension().string());
        if (it->is_regular_file() && (ext == ".txt" || ext == ".md")) files.push_back(p);
    }
    std::sort(files.begin(), files.end());

    fs::remove(db_path, ec);
    const auto t0 = Clock::now();
    DbPtr db = open_sqlite(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    exec(db.get(),
         "CREATE VIRTUAL TABLE articles USING fts5(title, body, date, source, path UNINDEXED, "
         "tokenize='porter unicode61')");
    exec(db.get(), "BEGIN");
    StmtPtr ins = prepare(db.get(), "INSERT INTO articles(title, body, date, source, path) VALUES (?, ?, ?, ?, ?)");
    std::size_t bytes = 0;
    for (const fs::path& p : files) {
        const std::string text = read_file(p);
        bytes += text.size();
        const ArticleFields a = split_article(text);
        const std::string rel = fs::relative(p, folder).string();
        sqlite3_stmt* s = ins.get();
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, a.title.data(), static_cast<int>(a.title.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 2, a.body.data(), static_cast<int>(a.body.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 3, a.date.data(), static_cast<int>(a.date.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 4, a.source.data(), static_cast<int>(a.source.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 5, rel.data(), static_cast<int>(rel.size()), SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) {
            throw SqliteError("sqlite: insert " + p.string() + ": " + sqlite3_errmsg(db.get()));
        }
    }
    ins.reset();
    exec(db.get(), "COMMIT");
    db.reset();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::cout << "{\"articles\": " << files.size() << ", \"bytes\": " << bytes << ", \"seconds\": " << seconds
              << ", \"sqlite\": \"" << sqlite3_libversion() << "\"}\n";
    return 0;
}

// ---------------------------------------------------------------- running queries
struct Query {
    std::string id, category, ours, fts5;
};

auto split_tabs(const std::string& line) -> std::vector<std::string> {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return out;
}

auto read_queries(const std::string& path) -> std::vector<Query> {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read queries file '" + path + "'");
    std::vector<Query> qs;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto f = split_tabs(line);
        if (f.size() < 3) {
            throw std::runtime_error(path + ":" + std::to_string(n) + ": expected id<TAB>category<TAB>query[<TAB>match]");
        }
        qs.push_back({f[0], f[1], f[2], f.size() > 3 ? f[3] : std::string()});
    }
    return qs;
}

auto json_string(const std::string& s) -> std::string {
    std::string out;
    fts::append_json_string(out, s);
    return out;
}

// Nearest-rank percentile of sorted values.
auto percentile(const std::vector<double>& sorted, double p) -> double {
    if (sorted.empty()) return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

struct QueryResult {
    std::optional<double> micros;  // median of the timed passes
    std::size_t hits = 0;
    std::string error;
};

// Runs every query (those `text` gives non-empty) through `run`; prints the system's JSON.
void bench_system(const std::string& name, const std::vector<Query>& queries,
                  const std::function<std::string(const Query&)>& text,
                  const std::function<std::size_t(const std::string&)>& run, int warmup, int passes,
                  bool first) {
    std::vector<QueryResult> results(queries.size());
    std::vector<std::vector<double>> times(queries.size());
    for (int pass = 0; pass < warmup + passes; ++pass) {
        for (std::size_t i = 0; i < queries.size(); ++i) {
            const std::string q = text(queries[i]);
            if (q.empty() || !results[i].error.empty()) continue;
            try {
                const auto t0 = Clock::now();
                const std::size_t hits = run(q);
                const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
                results[i].hits = hits;
                if (pass >= warmup) times[i].push_back(us);
            } catch (const std::exception& e) {
                results[i].error = e.what();
            } catch (const Xapian::Error& e) {
                results[i].error = e.get_description();
            }
        }
    }
    std::vector<double> medians;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        if (!results[i].error.empty() || times[i].empty()) continue;
        std::vector<double> t = times[i];
        std::sort(t.begin(), t.end());
        const std::size_t m = t.size() / 2;
        results[i].micros = t.size() % 2 ? t[m] : (t[m - 1] + t[m]) / 2;
        medians.push_back(*results[i].micros);
    }
    std::sort(medians.begin(), medians.end());
    std::size_t errors = 0;
    for (const auto& r : results) errors += r.error.empty() ? 0 : 1;

    std::cout << (first ? "" : ",\n") << json_string(name) << ": {\"queries\": " << medians.size()
              << ", \"errors\": " << errors << ", \"p50_us\": " << percentile(medians, 50)
              << ", \"p95_us\": " << percentile(medians, 95) << ", \"p99_us\": " << percentile(medians, 99)
              << ", \"per_query\": {";
    bool first_q = true;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        if (text(queries[i]).empty()) continue;
        std::cout << (first_q ? "" : ", ") << json_string(queries[i].id) << ": {";
        if (results[i].micros) std::cout << "\"us\": " << *results[i].micros << ", \"hits\": " << results[i].hits;
        if (!results[i].error.empty()) std::cout << "\"error\": " << json_string(results[i].error);
        std::cout << "}";
        first_q = false;
    }
    std::cout << "}}";
}

auto run_queries(int argc, char** argv) -> int {
    std::string queries_path, ours_db, fts5_db;
    std::size_t limit = 10;
    int warmup = 2, passes = 5;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--queries") queries_path = value();
        else if (a == "--ours") ours_db = value();
        else if (a == "--fts5") fts5_db = value();
        else if (a == "--limit") limit = std::stoul(value());
        else if (a == "--warmup") warmup = std::stoi(value());
        else if (a == "--passes") passes = std::stoi(value());
        else throw std::runtime_error("unknown option " + a);
    }
    if (queries_path.empty()) throw std::runtime_error("--queries FILE is required");
    if (passes < 1 || warmup < 0) throw std::runtime_error("--passes must be >= 1, --warmup >= 0");
    const std::vector<Query> queries = read_queries(queries_path);

    std::cout << "{\"limit\": " << limit << ", \"warmup\": " << warmup << ", \"passes\": " << passes
              << ", \"systems\": {\n";
    bool first = true;
    if (!ours_db.empty()) {
        Ours ours(ours_db);
        bench_system("ours", queries, [](const Query& q) { return q.ours; },
                     [&](const std::string& q) { return ours.run(q, limit); }, warmup, passes, first);
        first = false;
    }
    if (!fts5_db.empty()) {
        Fts5 fts5(fts5_db);
        bench_system("fts5", queries, [](const Query& q) { return q.fts5; },
                     [&](const std::string& q) { return fts5.run(q, limit); }, warmup, passes, first);
        first = false;
    }
    std::cout << "\n}, \"sqlite\": \"" << sqlite3_libversion() << "\"}\n";
    return 0;
}

void usage() {
    std::cerr << "usage: query_bench build-fts5 FTS5_DB FOLDER\n"
                 "       query_bench run --queries FILE [--ours DB] [--fts5 FTS5_DB] [--limit N]"
                 " [--warmup N] [--passes N]\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage();
        return 2;
    }
    const std::string cmd = argv[1];
    try {
        if (cmd == "build-fts5" && argc == 4) return build_fts5(argv[2], argv[3]);
        if (cmd == "run") return run_queries(argc, argv);
        usage();
        return 2;
    } catch (const Xapian::Error& e) {
        std::cerr << "query_bench: " << e.get_description() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "query_bench: " << e.what() << '\n';
    }
    return 1;
}
