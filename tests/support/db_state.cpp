// db_state DB: prints what a database holds, one line per article, sorted:
// its key, its passages, and a hash of its terms with their positions and of
// its stored text (so two databases with the same lines hold the same
// articles, passages and terms). Then the passage and word counts. For the
// crash test (tests/e2e/kill_test.sh).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <xapian.h>

#include "fts/index/article_document.hpp"
#include "fts/index/index_writer.hpp"
#include "fts/index/terms.hpp"
#include "fts/util/hash.hpp"

namespace {

auto hex(std::uint64_t v) -> std::string {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

auto main(int argc, char** argv) -> int {
    try {
        if (argc != 2) {
            std::fprintf(stderr, "usage: db_state DB\n");
            return 2;
        }
        const Xapian::Database db(argv[1]);
        std::vector<std::string> lines;
        for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
            const Xapian::Document doc = db.get_document(*d);
            std::string terms;
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                terms += *t + ':' + std::to_string(t.get_wdf());
                for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) terms += ',' + std::to_string(*p);
                terms += ' ';
            }
            const std::string data = doc.get_value(fts::terms::kSlotArticleData);
            const auto passages = fts::ArticleData::parse(data).passages;
            lines.push_back(doc.get_value(fts::terms::kSlotArticle) + " passages " + std::to_string(passages.size()) +
                            " terms " + hex(fts::fnv1a64(terms)) + " text " + hex(fts::fnv1a64(data)));
        }
        std::sort(lines.begin(), lines.end());
        for (const std::string& l : lines) std::printf("%s\n", l.c_str());
        const fts::IndexStats stats = fts::read_stats(db);
        std::printf("stats: %llu passages, %llu words\n", static_cast<unsigned long long>(stats.passages),
                    static_cast<unsigned long long>(stats.words));
        return 0;
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "db_state: %s\n", e.get_description().c_str());
        return 2;
    }
}
