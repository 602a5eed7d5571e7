// Search semantics at the article level, paging, and parallel index builds.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <fstream>
#include <filesystem>
#include <set>
#include <sstream>

#include "fts/document/metadata.hpp"
#include "fts/error.hpp"
#include "fts/index/indexing_run.hpp"
#include "fts/index/terms.hpp"
#include "fts/query/query_builder.hpp"
#include "fts/ranking/searcher.hpp"
#include "support/helpers.hpp"

namespace fs = std::filesystem;

namespace {

// Articles of several passages each, written in a temporary folder.
class ArticleFixture {
  public:
    void write(const std::string& relative, const std::string& content) const { dir_.write("corpus/" + relative, content); }
    auto corpus() const -> std::string { return (dir_.path() / "corpus").string(); }
    auto db(const std::string& name = "db") const -> std::string { return (dir_.path() / name).string(); }
    auto options(std::size_t jobs = 0, const std::string& name = "db") const -> fts::IndexerOptions {
        fts::IndexerOptions o;
        o.db_path = db(name);
        o.paths = {corpus()};
        o.jobs = jobs;
        return o;
    }
    auto index(std::size_t jobs = 0, const std::string& name = "db") const -> fts::IndexSummary { return index(options(jobs, name)); }
    static auto index(const fts::IndexerOptions& o) -> fts::IndexSummary {
        std::ostringstream diagnostics;
        return fts::run_indexer(o, diagnostics);
    }
    auto search(const std::string& query, std::size_t limit = 10, std::size_t offset = 0,
                const std::string& name = "db") const -> fts::SearchResults {
        fts::SearchRequest r;
        r.query = query;
        r.limit = limit;
        r.offset = offset;
        return fts::Searcher(db(name)).search(r);
    }
    auto articles(const std::string& query, std::size_t limit = 10) const -> std::set<std::string> {
        std::set<std::string> out;
        for (const fts::Hit& h : search(query, limit).hits) out.insert(h.record.article);
        return out;
    }

  private:
    fts::test::TempDir dir_;
};

// The same answer from several databases as from one holding all their
// articles: count, hits in order, their scores (feedback's too), passages and
// snippets.
void check_same_hits(const fts::SearchResults& got, const fts::SearchResults& expected) {
    CHECK(got.total == expected.total);
    REQUIRE(got.hits.size() == expected.hits.size());
    for (std::size_t i = 0; i < got.hits.size(); ++i) {
        CAPTURE(i);
        CHECK(got.hits[i].id == expected.hits[i].id);
        CHECK(got.hits[i].score == Approx(expected.hits[i].score).epsilon(1e-12));
        CHECK(got.hits[i].feedback_score == Approx(expected.hits[i].feedback_score).epsilon(1e-12));
        CHECK(got.hits[i].record.passage == expected.hits[i].record.passage);
        CHECK(got.hits[i].snippet.text == expected.hits[i].snippet.text);
    }
}

// Indexes the folders `folders` of `dir`'s corpus/ into database `db` of `dir`.
void index_folders(const fts::test::TempDir& dir, const std::string& db, const std::vector<std::string>& folders) {
    fts::IndexerOptions o;
    o.db_path = (dir.path() / db).string();
    o.paths.clear();
    for (const std::string& f : folders) o.paths.push_back((dir.path() / "corpus" / f).string());
    std::ostringstream diagnostics;
    (void)fts::run_indexer(o, diagnostics);
}

// The text each highlight of a hit's snippet marks, in order.
auto marked(const fts::Hit& hit) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const auto& [b, e] : hit.snippet.highlights) out.push_back(hit.snippet.text.substr(b, e - b));
    return out;
}

// Article file `a<i>.txt` titled "Report <i>" with `body`, in `f`'s corpus.
// (Appended: GCC 12 warns falsely, -Wrestrict, on chained string +.)
void write_report(const ArticleFixture& f, int i, std::string_view body) {
    const std::string n = std::to_string(i);
    std::string text = "Report ";
    text += n;
    text += "\n\n";
    text += body;
    f.write("a" + n + ".txt", text);
}

// A paragraph long enough to be a passage of its own.
auto paragraph(const std::string& words) -> std::string {
    std::string out = words;
    for (int i = 0; i < 8; ++i) out += " The delegation met officials and reviewed the plans in detail.";
    return out + "\n\n";
}

}  // namespace

TEST_CASE("search: AND, NOT and filters decide which articles match", "[search]") {
    ArticleFixture f;
    // "Putin" and "Cuba" in different passages of one article.
    f.write("both.txt", "Visit\n\n" + paragraph("Putin spoke in Moscow.") + paragraph("Havana and Cuba were next."));
    f.write("putin.txt", "Moscow\n\n" + paragraph("Putin spoke about the budget."));
    f.write("korea.txt", "Talks\n\n" + paragraph("Korea joined the talks.") + paragraph("The six party format was revived."));
    f.write("korea2.txt", "Korea\n\n" + paragraph("Korea built a railway."));
    REQUIRE(f.index().added == 4);

    // An excluded word anywhere in an article removes the article.
    CHECK(f.articles("Putin NOT Cuba") == std::set<std::string>{"putin.txt"});
    CHECK(f.articles("Putin -Cuba") == std::set<std::string>{"putin.txt"});
    CHECK(f.articles("korea -\"six party\"") == std::set<std::string>{"korea2.txt"});
    // A negated operand of AND excludes too, however it is written.
    for (const std::string q : {"Putin AND -Cuba", "Putin AND NOT Cuba", "NOT Cuba AND Putin", "-Cuba AND Putin",
                                "Putin NOT NOT Cuba", "Moscow AND -Cuba AND -budget"}) {
        CAPTURE(q);
        const std::set<std::string> expected =
            q.find("budget") != std::string::npos ? std::set<std::string>{} : std::set<std::string>{"putin.txt"};
        CHECK(f.articles(q) == expected);
    }
    // Both words anywhere in the article; the passage shown holds one of them.
    const auto both = f.search("Putin AND Cuba");
    REQUIRE(both.hits.size() == 1);
    CHECK(both.hits[0].record.article == "both.txt");
    CHECK_FALSE(both.hits[0].snippet.highlights.empty());
    const std::string& text = both.hits[0].record.text;
    CHECK((text.find("Putin") != std::string::npos || text.find("Cuba") != std::string::npos));
    // The count is of articles, exact when small.
    CHECK(both.total == 1);
    CHECK(both.total_exact);
    CHECK(f.search("korea").total == 2);
    CHECK(f.search("+Putin Moscow").hits.size() == 2);
}

TEST_CASE("search: the passage shown holds a matched word when any passage does", "[search]") {
    ArticleFixture f;
    f.write("a.txt", "Report\n\n" + paragraph("Opening words about nothing much.") + paragraph("Later the tanker sailed.") +
                         paragraph("More about the weather."));
    f.index();
    const auto hits = f.search("tanker").hits;
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].record.passage == 1);
    CHECK(hits[0].record.text.find("tanker") != std::string::npos);
}

TEST_CASE("search: a hit's rank does not depend on the page asked for", "[search]") {
    ArticleFixture f;
    for (int i = 0; i < 70; ++i) {
        std::string text = "Note " + std::to_string(i) + "\n\n";
        for (int k = 0; k <= i % 7; ++k) text += "Sanctions were discussed. ";
        for (int k = 0; k < i % 5; ++k) text += "The port reopened after a long pause in trade. ";
        f.write(std::string("n").append(std::to_string(i)).append(".txt"), text + "\n");
    }
    f.index();
    fts::SearchRequest whole;
    whole.query = "sanctions port";
    whole.limit = 70;
    whole.ranking.window = 20;  // pages cross windows
    const auto all = fts::Searcher(f.db()).search(whole).hits;
    REQUIRE(all.size() == 70);
    for (const std::size_t size : {1u, 7u, 10u, 25u}) {
        for (std::size_t offset = 0; offset < 70; offset += size) {
            fts::SearchRequest page = whole;
            page.limit = size;
            page.offset = offset;
            const auto hits = fts::Searcher(f.db()).search(page).hits;
            for (std::size_t i = 0; i < hits.size(); ++i) {
                CAPTURE(size, offset, i);
                CHECK(hits[i].rank == offset + i + 1);
                CHECK(hits[i].record.article == all[offset + i].record.article);
                CHECK(hits[i].score == Approx(all[offset + i].score));
            }
        }
    }
}

TEST_CASE("search: an article dated by year or month is found by a filter covering it", "[search]") {
    ArticleFixture f;
    f.write("year.txt", "---\ntitle: Year only\ndate: 2021\n---\nRailway news.\n");
    f.write("month.txt", "---\ntitle: Month only\ndate: 2021-11\n---\nRailway news.\n");
    f.write("day.txt", "---\ntitle: A day\ndate: 2021-11-30\n---\nRailway news.\n");
    f.index();
    using S = std::set<std::string>;
    CHECK(f.articles("railway date:2021") == S{"year.txt", "month.txt", "day.txt"});
    CHECK(f.articles("railway date:2021-11") == S{"month.txt", "day.txt"});
    CHECK(f.articles("railway date:2021-11-30") == S{"day.txt"});
    CHECK(f.articles("railway date:2020..2022") == S{"year.txt", "month.txt", "day.txt"});
    CHECK(f.articles("railway date:2021-06..") == S{"month.txt", "day.txt"});
    fts::SearchRequest r;
    r.query = "railway";
    r.since = fts::parse_date_bound("2021", false);
    r.until = fts::parse_date_bound("2021", true);
    CHECK(fts::Searcher(f.db()).search(r).hits.size() == 3);
}

TEST_CASE("search: a date filter finds exactly the articles dated within it, whatever the range", "[search]") {
    // Dated to a year, a month or a day, about the edges of years and months
    // (a leap day too); undated.
    const std::vector<std::string> dates{"2019",       "2020",       "2020-02",    "2020-12",    "2021-01",   "2021-02",
                                         "2021-12",    "2020-02-29", "2020-12-31", "2021-01-01", "2021-01-31", "2021-02-28",
                                         "2021-03-01", "2021-12-31", "2022-01-01", "2024-02-29", ""};
    const auto name = [](std::size_t i) {
        std::string n = "a";
        n += std::to_string(i);
        n += ".txt";
        return n;
    };
    ArticleFixture f;
    for (std::size_t i = 0; i < dates.size(); ++i) {
        // Appended: GCC 12 warns falsely (-Wrestrict) on chained string +.
        std::string text;
        if (!dates[i].empty()) {
            text += "---\ndate: ";
            text += dates[i];
            text += "\n---\n";
        }
        text += "Railway news ";
        text += std::to_string(i);
        text += ".\n";
        f.write(name(i), text);
    }
    f.index();
    // Ranges listed as terms, and ranges open or too wide for that (the date values).
    const auto [from, to] = GENERATE(table<std::string, std::string>({
        {"2020", "2020"}, {"2020", "2021"}, {"2021-01", "2021-01"}, {"2020-12", "2021-02"}, {"2020-12-31", "2021-01-01"},
        {"2020-02-29", "2020-03"}, {"2021-01-31", "2021-03-01"}, {"2020-02-28", "2020-12-30"}, {"2019-06", "2021-06"},
        {"2021-01-02", "2021-12-30"}, {"2021-12-31", "2022"}, {"2024", "2024"}, {"2021", ""}, {"", "2020-12"},
        {"2010-01-02", "2030-12-30"},
    }));
    CAPTURE(from, to);
    const std::string first = from.empty() ? "10000101" : fts::parse_date_bound(from, false).first_day();
    const std::string last = to.empty() ? "29991231" : fts::parse_date_bound(to, true).last_day();
    std::set<std::string> expected;
    for (std::size_t i = 0; i < dates.size(); ++i) {
        if (dates[i].empty()) continue;
        const fts::Date d = *fts::parse_date(dates[i]);
        if (d.first_day() >= first && d.last_day() <= last) expected.insert(name(i));
    }
    std::string query = "railway date:";
    query += from;
    query += "..";
    query += to;
    CHECK(f.articles(query, 100) == expected);
}

TEST_CASE("search: NEAR keeps its operands' meaning, and highlights what satisfied it", "[search]") {
    ArticleFixture f;
    f.write("title.txt", "Russia and Korea\n\nA text about trade.\n");
    f.write("body.txt", "Trade\n\nRussia and Korea signed a deal.\n");
    f.write("phrase.txt", "Talks\n\nThe six party talks on the nuclear issue resumed.\n");
    f.write("apart.txt", "Talks\n\nSix nations, one party: the nuclear talks resumed.\n");
    f.write("kim.txt", "Kim\n\nKim arrived first. Then many other people came to the long meeting held in the big hall "
                       "on the river, and at last the summit began with Putin.\n");
    f.index();
    using S = std::set<std::string>;
    CHECK(f.articles("title:russia NEAR/3 korea") == S{"title.txt"});
    CHECK(f.articles("russia NEAR/3 korea") == S{"body.txt", "title.txt"});  // the title is the article's too
    CHECK(f.articles("\"six party\" NEAR/5 nuclear") == S{"phrase.txt"});
    // A lone Kim far from the summit is not marked; the pair near each other is.
    const auto near = f.search("summit NEAR/3 Putin").hits;
    REQUIRE(near.size() == 1);
    CHECK(marked(near[0]) == std::vector<std::string>{"summit", "Putin"});
    CHECK(f.search("Kim NEAR/3 Putin").hits.empty());
}

TEST_CASE("search: phrases and dashed names find their possessive forms", "[search]") {
    ArticleFixture f;
    f.write("korea.txt", "Leader\n\nNorth Korea's leader left Pyongyang.\n");
    f.write("curly.txt", "Train\n\nKim Jong-un\u2019s train reached Vladivostok.\n");
    f.write("il.txt", "Father\n\nKim Jong-Il's government said on Monday it would talk.\n");
    f.write("plain.txt", "Envoy\n\nThe envoy of North Korea met Kim Jong Il in 2000.\n");
    f.index();
    using S = std::set<std::string>;
    using Row = std::tuple<std::string, S>;
    auto [query, articles] = GENERATE(table<std::string, S>({
        Row{"\"North Korea\"", S{"korea.txt", "plain.txt"}},
        Row{"\"North Korea's leader\"", S{"korea.txt"}},
        Row{"\"Jong-un's train\"", S{"curly.txt"}},
        Row{"+Jong-un", S{"curly.txt"}},
        Row{"+Kim-Jong-Il", S{"il.txt", "plain.txt"}},
        Row{"+\"Kim Jong-Il\"", S{"il.txt", "plain.txt"}},
        Row{"\"Korea leader\"", S{"korea.txt"}},
    }));
    CAPTURE(query);
    CHECK(f.articles(query) == articles);
    // The mark covers the word as written, possessive and all.
    const auto hits = f.search("\"North Korea\" leader").hits;
    REQUIRE_FALSE(hits.empty());
    REQUIRE(hits[0].record.article == "korea.txt");
    CHECK(marked(hits[0]) == std::vector<std::string>{"Leader", "North Korea's leader"});  // the title line opens the body
}

TEST_CASE("search: a figure is found however the text groups it", "[search]") {
    ArticleFixture f;
    f.write("troops.txt", "Troops\n\nAbout 28,500 troops remained, and 1,000 more came.\n");
    f.write("trade.txt", "Торговля\n\nТоварооборот составил 47,9 млн долларов.\n");
    f.write("plain.txt", "Plain\n\nIt cost 47.9 million, with 1000 staff.\n");
    f.index();
    using S = std::set<std::string>;
    CHECK(f.articles("28500") == S{"troops.txt"});
    CHECK(f.articles("28,500") == S{"troops.txt"});
    CHECK(f.articles("1000") == S{"troops.txt", "plain.txt"});
    CHECK(f.articles("47.9") == S{"trade.txt", "plain.txt"});
    CHECK(f.articles("\"47,9 млн\"") == S{"trade.txt"});
    // A figure written on to its unit is found by the figure, and no part of it by less.
    f.write("unit.txt", "Units\n\nA $1.2bn deal in the 1990s, and 47.9m more.\n");
    f.index();
    CHECK(f.articles("1.2") == S{"unit.txt"});
    CHECK(f.articles("1990") == S{"unit.txt"});
    CHECK(f.articles("47.9") == S{"trade.txt", "plain.txt", "unit.txt"});
    CHECK(f.articles("2bn").empty());
    CHECK(f.articles("47") == S{});
    // Marked as written.
    const auto hits = f.search("28500").hits;
    REQUIRE(hits.size() == 1);
    CHECK(marked(hits[0]) == std::vector<std::string>{"28,500"});
}

TEST_CASE("search: a Russian name in -ан or -ян is found in every case", "[search]") {
    ArticleFixture f;
    f.write("in.txt", "Переговоры\n\nВ Пхеньяне прошли переговоры с Ираном.\n");
    f.write("from.txt", "Визит\n\nДелегация Ирана прибыла в Пхеньян.\n");
    f.write("other.txt", "Москва\n\nВ Москве прошли переговоры.\n");
    f.index();
    using S = std::set<std::string>;
    for (const std::string q : {"Пхеньян", "Пхеньяне", "Пхеньяна", "Иран", "Иране", "Ираном"}) {
        CAPTURE(q);
        CHECK(f.articles(q) == S{"in.txt", "from.txt"});
    }
}

TEST_CASE("search: a dashed name is highlighted only where it occurs whole", "[search]") {
    ArticleFixture f;
    f.write("kim.txt", "Kim Jong-un\n\nKim Jong-un met the UN envoy. Kim spoke later.\n");
    f.index();
    const auto hits = f.search("Jong-un").hits;
    REQUIRE(hits.size() == 1);
    CHECK(marked(hits[0]) == std::vector<std::string>{"Jong-un", "Jong-un"});  // not the UN envoy
}

TEST_CASE("index: --jobs 1 and --jobs 4 build databases that answer alike", "[index][search]") {
    ArticleFixture f;
    fs::copy(FTS_TEST_DATA "/corpus", f.corpus(), fs::copy_options::recursive);
    for (int i = 0; i < 40; ++i) {
        f.write("more/n" + std::to_string(i) + ".txt",
                "Note " + std::to_string(i) + "\n\n" + paragraph("Sanctions on coal and the Rajin port, item " +
                                                                 std::to_string(i * 7 % 13) + "."));
    }
    const auto one = f.index(1, "db1");
    const auto four = f.index(4, "db4");
    CHECK(one.added == four.added);
    CHECK(one.passages_total == four.passages_total);
    for (const std::string q : {"sanctions", "Rajin-Hasan", "\"six party talks\"", "coal NOT port", "author:smith",
                                "santions", "Putin OR railway", "санкциями", "date:2019"}) {
        const auto a = f.search(q, 50, 0, "db1"), b = f.search(q, 50, 0, "db4");
        CAPTURE(q);
        REQUIRE(a.hits.size() == b.hits.size());
        CHECK(a.total == b.total);
        for (std::size_t i = 0; i < a.hits.size(); ++i) {
            CHECK(a.hits[i].record.article == b.hits[i].record.article);
            CHECK(a.hits[i].record.passage == b.hits[i].record.passage);
            CHECK(a.hits[i].score == Approx(b.hits[i].score));
            CHECK(a.hits[i].snippet.text == b.hits[i].snippet.text);
        }
    }
}

TEST_CASE("index: unchanged is decided by the file's stat before reading it", "[index]") {
    ArticleFixture f;
    f.write("a.txt", "Alpha\n\nThe walrus sat on the pier.\n");
    REQUIRE(f.index().added == 1);
    const fs::path file = fs::path(f.corpus()) / "a.txt";
    struct stat before {};
    REQUIRE(::stat(file.c_str(), &before) == 0);
    // Same size, same modification time, same inode: not read again.
    {
        std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
        out.seekp(11);
        out << "beluga";  // in place of "walrus": the same size
    }
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
    auto again = f.index();
    CHECK(again.unchanged == 1);
    CHECK(again.updated == 0);
    CHECK(f.search("walrus").hits.size() == 1);
    // A new modification time: read and hashed; new bytes are re-indexed.
    fs::last_write_time(file, fs::file_time_type::clock::now());
    again = f.index();
    CHECK(again.updated == 1);
    CHECK(f.search("beluga").hits.size() == 1);
    // Touched without a change of bytes: unchanged, and the new stat is kept.
    fs::last_write_time(file, fs::file_time_type::clock::now() + std::chrono::seconds(5));
    again = f.index();
    CHECK(again.unchanged == 1);
    CHECK(again.updated == 0);
}

TEST_CASE("search: a dashed number range is found in a collection of two articles", "[search]") {
    // Regression: in a tiny collection Xapian's BB2 bound (an earlier article
    // model) is NaN, and an
    // AND_MAYBE (a dashed word and its parts) then matched nothing.
    ArticleFixture f;
    f.write("talks.txt", "Talks\n\nRussia took part in the talks from 2003-2007, and again in 2019.\n");
    f.write("other.txt", "Other\n\nA note about the weather in Vladivostok.\n");
    f.index();
    for (const std::string q : {"2003-2007", "Rajin-Hasan talks", "2003-2007 weather"}) {
        CAPTURE(q);
        const auto hits = f.search(q).hits;
        REQUIRE_FALSE(hits.empty());
        CHECK(hits[0].record.article == "talks.txt");
    }
}

TEST_CASE("search: a long-lived searcher sees each commit, and a database rebuilt and swapped in", "[search][index]") {
    ArticleFixture f;
    f.write("a.txt", paragraph("Rajin port"));
    f.index();
    fts::Searcher searcher(f.db());
    fts::SearchRequest r;
    r.query = "ferry";
    CHECK(searcher.search(r).hits.empty());
    f.write("b.txt", paragraph("A ferry to Rajin"));
    CHECK(f.index().added == 1);  // in place: a new revision
    CHECK(searcher.search(r).hits.size() == 1);
    {
        // An index of an older format is rebuilt aside and swapped in: another database at the same path.
        Xapian::WritableDatabase w(f.db(), Xapian::DB_OPEN);
        w.set_metadata("format", "newsfts-old");
        w.commit();
    }
    f.write("c.txt", paragraph("Another ferry, to Vladivostok"));
    CHECK(f.index().rebuilt);
    CHECK(searcher.search(r).hits.size() == 2);
}

TEST_CASE("search: --passages lists the best passages across the articles, in score order", "[search]") {
    ArticleFixture f;
    // a: one strong passage and one weak; b: two middling ones. By article, a's weak passage would
    // come before both of b's.
    f.write("a.txt", "A\n\n" + paragraph("Ferry ferry ferry ferry ferry ferry ferry ferry to Rajin.") + paragraph("A ferry."));
    f.write("b.txt", "B\n\n" + paragraph("The ferry ferry ferry line.") + paragraph("Ferry ferry ferry again."));
    REQUIRE(f.index().added == 2);
    fts::SearchRequest r;
    r.query = "ferry";
    r.all_passages = true;
    r.limit = 10;
    const auto hits = fts::Searcher(f.db()).search(r).hits;
    REQUIRE(hits.size() == 4);
    CHECK(hits[0].record.article == "a.txt");
    CHECK(hits[3].record.article == "a.txt");  // its weak passage last
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1].score >= hits[i].score);
}

TEST_CASE("search: accents and ё are found either way, and shown as written", "[search]") {
    ArticleFixture f;
    f.write("cafe.txt", "Caf\u00e9 society\n\n" + paragraph("Tom\u00e1s opened a caf\u00e9 in Pyongyang."));
    f.write("ru.txt", "\u041d\u043e\u0432\u043e\u0441\u0442\u0438\n\n" +
                          paragraph("\u041e\u043d \u0435\u0449\u0451 \u043d\u0435 \u043f\u0440\u0438\u0435\u0445\u0430\u043b."));
    REQUIRE(f.index().added == 2);
    for (const std::string q : {"cafe", "caf\u00e9", "CAF\u00c9", "tomas", "\"tomas opened\""}) {
        CAPTURE(q);
        CHECK(f.articles(q) == std::set<std::string>{"cafe.txt"});
    }
    for (const std::string q : {"\u0435\u0449\u0435", "\u0435\u0449\u0451"}) {  // еще, ещё
        CAPTURE(q);
        CHECK(f.articles(q) == std::set<std::string>{"ru.txt"});
    }
    const auto hit = f.search("cafe").hits.at(0);
    const std::string& s = hit.snippet.text;
    REQUIRE_FALSE(hit.snippet.highlights.empty());
    const auto [b, e] = hit.snippet.highlights[0];
    CHECK(s.substr(b, e - b) == "Caf\u00e9");  // the original spelling (the title line), highlighted whole
}

TEST_CASE("search: a word ending in * finds every indexed word it starts", "[search]") {
    ArticleFixture f;
    f.write("pyongyang.txt", "Talks\n\n" + paragraph("Delegates flew to Pyongyang on Monday."));
    f.write("pyongsong.txt", "Markets\n\n" + paragraph("Traders in Pyongsong sold rice."));
    f.write("sanctions.txt", "Trade\n\n" + paragraph("The sanctioned banks and the sanctions regime."));
    REQUIRE(f.index().added == 3);
    CHECK(f.articles("Pyong*") == std::set<std::string>{"pyongyang.txt", "pyongsong.txt"});
    CHECK(f.articles("pyong* -rice") == std::set<std::string>{"pyongyang.txt"});
    CHECK(f.articles("title:tal*") == std::set<std::string>{"pyongyang.txt"});
    CHECK(f.articles("sanction*") == std::set<std::string>{"sanctions.txt"});
    // The highlight covers the whole word the prefix found.
    const auto hit = f.search("Pyongy*").hits.at(0);
    REQUIRE(hit.snippet.highlights.size() == 1);
    const auto [b, e] = hit.snippet.highlights[0];
    CHECK(hit.snippet.text.substr(b, e - b) == "Pyongyang");
    // A prefix of no word finds nothing and says so; AND keeps its meaning.
    const auto none = f.search("Pyong* zzzq*");
    CHECK(none.hits.size() == 2);
    CHECK(std::any_of(none.warnings.begin(), none.warnings.end(),
                      [](const std::string& w) { return w.find("no word in the index starts with 'zzzq'") != std::string::npos; }));
    CHECK(f.search("+Pyong* +zzzq*").hits.empty());
    // A star elsewhere is dropped, with a warning.
    for (const std::string q : {"*yang", "pyong*ang", "\"Pyong*\""}) {
        CAPTURE(q);
        const auto w = f.search(q).warnings;
        CHECK(std::any_of(w.begin(), w.end(), [](const std::string& s) { return s.find("only at its end") != std::string::npos; }));
    }
    // Past the limit, a clear refusal.
    std::string many;
    for (std::size_t i = 0; i <= fts::kMaxPrefixWords; ++i) (many += "q") += std::to_string(i) + " ";
    f.write("many.txt", "Many\n\n" + many + "\n");
    f.index();
    CHECK_THROWS_WITH(f.search("q*"), Catch::Contains("stands for more than 500 words"));
}

TEST_CASE("search: a Korean word in no article is said to be", "[search]") {
    ArticleFixture f;
    f.write("talks.txt", "회담\n\n평양에서 회담이 열렸다. 외무상은 성명을 발표했다.\n");
    f.write("city.txt", "City\n\n평양 시내의 거리.\n");  // 평양 시: the bigram 양시 across the space
    f.index();
    auto notes = [&](const std::string& q) { return f.search(q).warnings; };
    using V = std::vector<std::string>;
    CHECK(notes("회담 서울시") == V{"'서울시' is in no article"});  // 서울 and 울시 in none
    CHECK(notes("외무상 개성공단") == V{"'개성공단' is in no article"});
    CHECK(notes("평양").empty());
    CHECK(notes("평양시").empty());  // found as written across the space
    CHECK(notes("외무상").empty());
}

TEST_CASE("search: a dashed name in no article is said to be", "[search]") {
    ArticleFixture f;
    f.write("kim.txt", "Kim\n\nKim Jong-un met Kim Yo-jong in Pyongyang.\n");
    f.index();
    auto notes = [&](const std::string& q) { return f.search(q).warnings; };
    using V = std::vector<std::string>;
    CHECK(notes("Kim Jong-oon") == V{"'Jong-oon' is in no article"});
    CHECK(notes("Jong-un").empty());
    CHECK(notes("Jongun").empty());
    CHECK(notes("Yo-jong").empty());
    CHECK(notes("un-jong").empty());  // every part is in an article: not said, though the phrase is in none
}

TEST_CASE("search: a word in no article is searched as typed, its correction offered", "[search]") {
    ArticleFixture f;
    f.write("matron.txt", "Hospital\n\n" + paragraph("The matron of the hospital retired."));
    f.write("summit.txt", "Summit\n\n" + paragraph("Leaders met at the summit in Brussels."));
    f.write("both.txt", "Tumour\n\n" + paragraph("The summit heard that the microenvironment of tumour cells matters."));
    f.write("cells.txt", "Cells\n\n" + paragraph("Stem cells divide."));
    REQUIRE(f.index().added == 4);
    // The rest of the query matches: the word stays as typed, nothing is found
    // by the correction alone, and the correction is offered.
    const auto named = f.search("Macron summit");
    CHECK(f.articles("Macron summit") == std::set<std::string>{"summit.txt", "both.txt"});
    CHECK(named.suggestion == "Matron summit");  // in the case typed
    CHECK(named.corrected_query.empty());
    // Nothing matches as typed: the corrected query runs, and says so.
    const auto alone = f.search("macron");
    CHECK(alone.corrected_query == "matron");
    REQUIRE(alone.hits.size() == 1);
    CHECK(alone.hits[0].record.article == "matron.txt");
    // Capitalised as typed (a name, or a sentence's first word), and said so.
    const auto name = f.search("Macron");
    CHECK(name.corrected_query == "Matron");
    REQUIRE(name.hits.size() == 1);
    CHECK(name.hits[0].record.article == "matron.txt");
    // A long word's correction ranks what the rest of the query finds.
    const auto typo = f.search("microenviroment cells");
    CHECK(f.articles("microenviroment cells") == std::set<std::string>{"both.txt", "cells.txt"});
    REQUIRE_FALSE(typo.hits.empty());
    CHECK(typo.hits[0].record.article == "both.txt");
    CHECK(typo.suggestion == "microenvironment cells");
    // A word in no article and near none is said to be, so that the rest of
    // the query's hits do not read as its own.
    const auto unknown = f.search("summit Zelenskyy");
    CHECK(f.articles("summit Zelenskyy") == std::set<std::string>{"summit.txt", "both.txt"});
    CHECK(std::count(unknown.warnings.begin(), unknown.warnings.end(), "'Zelenskyy' is in no article") == 1);
    CHECK(unknown.suggestion.empty());

    // Quoted, or with --exact-spelling, a word is only searched as typed.
    fts::SearchRequest exact;
    exact.query = "Macron";
    exact.correct_spelling = false;
    const auto none = fts::Searcher(f.db()).search(exact);
    CHECK(none.hits.empty());
    CHECK(none.suggestion.empty());
}

TEST_CASE("search: a typo found through another form of its stem is searched as typed, its correction offered", "[search][spelling]") {
    ArticleFixture f;
    f.write("gov.txt", "Budget\n\n" + paragraph("The government passed the budget."));
    f.write("nanny.txt", "Nanny\n\n" + paragraph("The governess left the house."));
    f.write("ru.txt", "Рынок\n\n" + paragraph("Цены рынка в Москва выросли."));
    REQUIRE(f.index().added == 3);
    // "goverment" stems as "governess" does: found as typed, "government" offered.
    const auto typo = f.search("goverment");
    CHECK(f.articles("goverment") == std::set<std::string>{"nanny.txt"});
    CHECK(typo.suggestion == "government");
    CHECK(typo.corrected_query.empty());
    // Another form of the typed word is no correction.
    CHECK(f.search("governed").suggestion.empty());
    // Only a word of ten letters or more ranks by its correction: letters, not bytes.
    const auto russian = f.search("рынкаа Москва");
    CHECK(russian.suggestion == "рынка Москва");
    for (const std::string& w : russian.warnings) CHECK_THAT(w, !Catch::Contains("rank higher"));
}

TEST_CASE("search: a dashed name found through its variants weighs its articles finitely", "[search][variants]") {
    // Regression: the compound of the name as typed (rasonkhasan) is in no
    // article; joined with the phrase as one synonym, Xapian estimated its
    // frequency as 0 and IneB2 weighed the article infinitely (JSON: null).
    ArticleFixture f;
    f.write("rail.txt", "Rail\n\n" + paragraph("Koreans staff the Rajin-Hasan railway, which links Russia to the peninsula."));
    for (int i = 0; i < 4; ++i) write_report(f, i, paragraph("Coal exports from the port rose again in item " + std::to_string(i) + "."));
    REQUIRE(f.index().added == 5);
    for (const std::string q : {"Rason-Khasan", "Najin-Khasan", "Rajin-Khasan", "Rason-Khasan OR coal"}) {
        CAPTURE(q);
        const fts::SearchResults r = f.search(q);
        REQUIRE_FALSE(r.hits.empty());
        CHECK(r.hits[0].record.article == "rail.txt");
        for (const fts::Hit& h : r.hits) {
            CHECK(std::isfinite(h.score));
            CHECK(std::isfinite(h.article_score));
        }
    }
}

TEST_CASE("search: spelling variants find each other, shipped and from a user's file", "[search][variants]") {
    ArticleFixture f;
    f.write("us.txt", "Defense\n\n" + paragraph("The ministry of defense discussed denuclearization and missile defenses."));
    f.write("uk.txt", "Defence\n\n" + paragraph("Defences were built as the programme began."));
    f.write("rail.txt", "Rail\n\n" + paragraph("The Rason-Khasan line carries coal."));
    f.write("names.txt", "Names\n\n" + paragraph("Officials met Kimura in Osaka."));
    REQUIRE(f.index().added == 4);
    CHECK(f.articles("defence") == std::set<std::string>{"us.txt", "uk.txt"});
    CHECK(f.articles("defense") == std::set<std::string>{"us.txt", "uk.txt"});
    CHECK(f.articles("denuclearisation") == std::set<std::string>{"us.txt"});
    CHECK(f.articles("\"ministry of defence\"") == std::set<std::string>{"us.txt"});  // in a phrase
    CHECK(f.articles("\"missile defences\"") == std::set<std::string>{"us.txt"});     // an inflected form too
    CHECK(f.articles("Rajin-Hasan") == std::set<std::string>{"rail.txt"});            // in a dashed name
    CHECK(f.articles("program") == std::set<std::string>{"uk.txt"});
    // The variant is highlighted, and --explain names the variants used.
    fts::SearchRequest r;
    r.query = "defence";
    r.explain = true;
    const auto res = fts::Searcher(f.db()).search(r);
    bool named = false;
    for (const auto& h : res.hits) {
        for (const auto& part : h.explain->article_parts) named |= part.label.find("also defense") != std::string::npos;
    }
    CHECK(named);
    // A user's groups, added to the shipped ones by the indexer.
    f.write("../mine.txt", "# my names\nKimura Kimoura\n");
    fts::IndexerOptions options = f.options();
    options.variant_files = {(fs::path(f.corpus()).parent_path() / "mine.txt").string()};
    f.index(options);
    CHECK(f.articles("Kimoura") == std::set<std::string>{"names.txt"});
    CHECK(f.articles("defence") == std::set<std::string>{"us.txt", "uk.txt"});
    // A later run that names no file keeps them.
    CHECK(f.index().unchanged == 4);
    CHECK(f.articles("Kimoura") == std::set<std::string>{"names.txt"});
    // A bad file is refused with its line, and nothing is written.
    f.write("../bad.txt", "Osaka\n");
    options.variant_files = {(fs::path(f.corpus()).parent_path() / "bad.txt").string()};
    CHECK_THROWS_WITH(f.index(options), Catch::Contains("line 1: 'Osaka' has no variant"));
    f.write("../twice.txt", "chongjin seishin\n");  // Chongjin is in a shipped group
    options.variant_files = {(fs::path(f.corpus()).parent_path() / "twice.txt").string()};
    CHECK_THROWS_WITH(f.index(options), Catch::Contains("'chongjin' is already in another group"));
    CHECK(f.articles("Kimoura") == std::set<std::string>{"names.txt"});
}

TEST_CASE("search: an article that mentions a frequent word more often weighs no less", "[search]") {
    // "korea" is in every article, several times on average (more than once
    // per article: where Xapian's BB2, an earlier article model, falls as the
    // word occurs more often).
    ArticleFixture f;
    auto body = [](int mentions) {
        std::string text;
        for (int i = 0; i < 12; ++i) text += i < mentions ? "Korea trade grew again. " : "Officials met in the capital. ";
        return text;
    };
    f.write("once.txt", "One\n\n" + body(1) + "\n");
    f.write("often.txt", "Many\n\n" + body(8) + "\n");
    for (int k = 0; k < 6; ++k) f.write("other" + std::to_string(k) + ".txt", "Other\n\n" + body(4) + "\n");
    REQUIRE(f.index().added == 8);
    double once = -1, often = -1;
    for (const auto& h : f.search("korea", 10).hits) {
        if (h.record.article == "once.txt") once = h.article_score;
        if (h.record.article == "often.txt") often = h.article_score;
    }
    REQUIRE(once >= 0);
    REQUIRE(often >= 0);
    CHECK(often >= once);
}

TEST_CASE("search: a query of words that say nothing of a subject is matched without article weights", "[search]") {
    ArticleFixture f;
    // "delegation" (in every paragraph) is in every article; "tanker" in one.
    f.write("a.txt", "Port\n\n" + paragraph("The tanker sailed from the port of the city."));
    f.write("b.txt", "Budget\n\n" + paragraph("A budget was passed."));
    f.write("c.txt", "Rail\n\n" + paragraph("Trains ran late."));
    REQUIRE(f.index().added == 3);
    using Row = std::tuple<std::string, bool>;
    auto [query, weighted] = GENERATE(table<std::string, bool>({
        Row{"the", false},             // a function word
        Row{"of the", false},          // only function words
        Row{"delegation", false},      // a word in more than half of the articles
        Row{"the delegation", false},
        Row{"tanker", true},
        Row{"the tanker", true},       // the function word is dropped
        Row{"delegation tanker", true},
    }));
    CAPTURE(query);
    const fts::SearchResults r = f.search(query);
    REQUIRE_FALSE(r.hits.empty());
    for (const fts::Hit& h : r.hits) {
        CAPTURE(h.record.article);
        CHECK((h.article_score > 0) == weighted);
        CHECK(h.passage_score > 0);  // still ranked by their passages, and highlighted
        CHECK_FALSE(h.snippet.highlights.empty());
    }
    if (!weighted) CHECK(r.hits.size() == 3);
}

TEST_CASE("search: an uninformative query gets no feedback past the first page", "[search]") {
    ArticleFixture f;
    const std::vector<std::string> topics{"tanker port harbour", "budget tax deficit", "railway train station"};
    for (int i = 0; i < 15; ++i) {
        const std::string& t = topics[static_cast<std::size_t>(i) % topics.size()];
        f.write(std::string("a").append(std::to_string(i)).append(".txt"), "Note " + std::to_string(i) + "\n\n" + paragraph("The " + t + " of the city."));
    }
    REQUIRE(f.index().added == 15);
    const fts::SearchResults r = f.search("the", 15);
    REQUIRE(r.hits.size() == 15);
    CHECK(r.feedback_query.empty());
    for (const fts::Hit& h : r.hits) CHECK(h.feedback_score == 0);
    CHECK_FALSE(f.search("city tanker", 15).feedback_query.empty());  // an informative one does
}

TEST_CASE("search: the query's words are marked in the titles of its hits", "[search]") {
    ArticleFixture f;
    f.write("a.txt", "Sanctions on Rajin port\n\n" + paragraph("The port of Rajin was closed after the sanctions."));
    f.write("b.txt", "Trade talks\n\n" + paragraph("New sanctions were announced."));
    REQUIRE(f.index().added == 2);
    using Row = std::tuple<std::string, std::string, std::string>;
    auto [query, article, marked] = GENERATE(table<std::string, std::string, std::string>({
        Row{"sanction", "a.txt", "[Sanctions] on Rajin port"},   // by stem, as in the text
        Row{"\"rajin port\"", "a.txt", "Sanctions on [Rajin port]"},
        Row{"sanctions", "b.txt", "Trade talks"},                 // not in this title
        Row{"title:talks", "b.txt", "Trade [talks]"},
        Row{"title:\"trade talks\" sanctions", "b.txt", "[Trade talks]"},
        Row{"title:rajin sanctions", "a.txt", "[Sanctions] on [Rajin] port"},
    }));
    CAPTURE(query);
    const fts::SearchResults r = f.search(query);
    const auto hit = std::find_if(r.hits.begin(), r.hits.end(), [&](const fts::Hit& h) { return h.record.article == article; });
    REQUIRE(hit != r.hits.end());
    std::string shown;
    std::size_t at = 0;
    for (const auto& [b, e] : hit->title_highlights) {
        shown += hit->record.title.substr(at, b - at) + "[" + hit->record.title.substr(b, e - b) + "]";
        at = e;
    }
    CHECK(shown + hit->record.title.substr(at) == marked);
}

TEST_CASE("search: several databases searched as one answer as one database with all the articles", "[search]") {
    fts::test::TempDir dir;
    const std::vector<std::string> topics{"sanctions on coal exports", "the Rajin-Hasan railway", "six party talks on the nuclear programme",
                                          "Putin and Kim Jong-un at the summit", "seafood trade through the port of Rason"};
    for (int i = 0; i < 36; ++i) {
        const std::string shard = i % 3 == 0 ? "b" : "a";  // uneven: 24 and 12 articles
        std::string text = "---\ntitle: Report " + std::to_string(i) + " on " + topics[static_cast<std::size_t>(i) % topics.size()] +
                           "\ndate: " + std::to_string(2015 + i % 6) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "\n---\n\n";
        for (int k = 0; k <= i % 4; ++k) {
            text += paragraph("Analysts wrote about " + topics[static_cast<std::size_t>(i + k) % topics.size()] + " in item " +
                              std::to_string(i) + (k % 2 == 0 ? ", and North Korea again." : ", and Russia too."));
        }
        dir.write("corpus/" + shard + "/r" + std::to_string(i) + ".md", text);
    }
    index_folders(dir, "one", {"a", "b"});
    index_folders(dir, "s1", {"a"});
    index_folders(dir, "s2", {"b"});
    dir.write("shards.stub", "# two shards\nauto s1\nauto s2\n");

    fts::Searcher one((dir.path() / "one").string());
    fts::Searcher two(std::vector<std::string>{(dir.path() / "s1").string(), (dir.path() / "s2").string()});
    fts::Searcher stub((dir.path() / "shards.stub").string());
    for (const std::string q : {"sanctions", "\"six party talks\"", "Rajin-Hasan railway", "korea -coal", "Putin AND summit",
                                "railway date:2016..2018", "seafood OR coal",
                                // Words in most articles, listed in key order, not in the databases' order:
                                "report", "the", "analysts wrote", "report -russia", "report date:2016..2018"}) {
        for (const std::size_t limit : {std::size_t{5}, std::size_t{30}}) {  // 30: feedback re-ranks after the 10th
            CAPTURE(q, limit);
            fts::SearchRequest r;
            r.query = q;
            r.limit = limit;
            r.facets = true;
            const fts::SearchResults expected = one.search(r);
            REQUIRE_FALSE(expected.hits.empty());
            for (fts::Searcher* s : {&two, &stub}) {
                const fts::SearchResults got = s->search(r);
                check_same_hits(got, expected);
                REQUIRE(got.facets);
                CHECK(got.facets->periods.size() == expected.facets->periods.size());
            }
        }
    }
    // A stub file that lists something else says which line.
    dir.write("bad.stub", "auto s1\nremote tcp://host:1\n");
    CHECK_THROWS_WITH(fts::Searcher((dir.path() / "bad.stub").string()), Catch::Contains("line 2: 'remote tcp://host:1' is not 'remote HOST:PORT'"));
    // So does one whose first line is wrong.
    dir.write("first.stub", "tcp 127.0.0.1:7301\nauto s1\n");
    CHECK_THROWS_WITH(fts::Searcher((dir.path() / "first.stub").string()),
                      Catch::Contains("nor a stub file") && Catch::Contains("line 1, 'tcp 127.0.0.1:7301', is neither"));
}

TEST_CASE("search: articles of equal weight across a window's edge are the same whatever the databases and the page", "[search][shards]") {
    // Copies of one article (titles of one length: equal weights) among
    // articles that weigh more and less, split unevenly over two databases.
    // The first window of 20 articles ends inside the run of copies; 40
    // copies fit in the match's margin around the edge, 150 do not.
    for (const int copies : {40, 150}) {
        CAPTURE(copies);
        fts::test::TempDir dir;
        const std::string copy = "Sanctions on coal were discussed at the port, then trade resumed.\n";
        auto write = [&](int i, const std::string& body) {
            const std::string n = std::to_string(1000 + i);
            dir.write("corpus/" + std::string(i % 3 == 0 ? "b" : "a") + "/c" + n + ".txt", "Copy " + n + "\n\n" + body);
        };
        for (int i = 0; i < copies; ++i) write(i, copy);
        for (int i = 0; i < 12; ++i) write(copies + i, "Sanctions, sanctions and sanctions on coal.\n");  // weigh more
        for (int i = 0; i < 12; ++i) {
            write(copies + 12 + i, "Sanctions on coal were discussed at the port, then trade resumed, and talks went on for many hours.\n");
        }
        index_folders(dir, "one", {"a", "b"});
        index_folders(dir, "s1", {"a"});
        index_folders(dir, "s2", {"b"});
        fts::Searcher one((dir.path() / "one").string());
        fts::Searcher two(std::vector<std::string>{(dir.path() / "s1").string(), (dir.path() / "s2").string()});
        fts::SearchRequest all;
        all.query = "sanctions";
        all.limit = static_cast<std::size_t>(copies + 24);
        const fts::SearchResults expected = one.search(all);
        REQUIRE(expected.hits.size() == all.limit);
        check_same_hits(two.search(all), expected);
        for (const std::size_t size : {std::size_t{10}, std::size_t{25}}) {
            for (std::size_t offset = 0; offset < all.limit; offset += size) {
                fts::SearchRequest page = all;
                page.limit = size;
                page.offset = offset;
                for (fts::Searcher* s : {&one, &two}) {
                    const auto hits = s->search(page).hits;
                    for (std::size_t i = 0; i < hits.size(); ++i) {
                        CAPTURE(size, offset, i);
                        CHECK(hits[i].id == expected.hits[offset + i].id);
                    }
                }
            }
        }
    }
}

TEST_CASE("search: a query of words in most articles lists them in key order, whatever the databases, past 2,000 matches too", "[search][shards]") {
    // More matches than the searcher counts exactly: the match runs over the
    // first key buckets only (Ranker::match_in_key_buckets), whose first articles
    // must be the first of all.
    fts::test::TempDir dir;
    constexpr int kArticles = 2600;
    std::vector<std::string> keys;  // of the articles with "day" and without "Russia"
    for (int i = 0; i < kArticles; ++i) {
        const std::string folder = i % 3 == 0 ? "b" : "a";
        const std::string name = "corpus/" + folder + "/n" + std::to_string(i) + ".txt";
        // "the", "of" and "day" in 10 articles of 11, "note" in all of them.
        std::string body = (i % 11 == 0 ? "A note " : "The note ") + std::to_string(i) + (i % 11 == 0 ? " for a week" : " of the day");
        body += i % 7 == 0 ? " on Russia." : " on trade.";
        dir.write(name, "Note " + std::to_string(i) + "\n\n" + body + "\n");
        if (i % 7 != 0 && i % 11 != 0) keys.push_back(fts::article_key(fs::weakly_canonical(dir.path() / name).string()));
    }
    std::sort(keys.begin(), keys.end());
    index_folders(dir, "one", {"a", "b"});
    index_folders(dir, "s1", {"a"});
    index_folders(dir, "s2", {"b"});
    fts::Searcher one((dir.path() / "one").string());
    fts::Searcher two(std::vector<std::string>{(dir.path() / "s1").string(), (dir.path() / "s2").string()});
    auto search = [](fts::Searcher& s, const std::string& q, std::size_t limit, std::size_t offset) {
        fts::SearchRequest r;
        r.query = q;
        r.limit = limit;
        r.offset = offset;
        return s.search(r);
    };
    // The first window (20 articles) holds the 20 smallest keys of the match, re-ranked by passage.
    const fts::SearchResults first = search(one, "day -russia", 20, 0);
    REQUIRE(first.hits.size() == 20);
    std::vector<std::string> got;
    for (const fts::Hit& h : first.hits) got.push_back(h.id);
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::string>(keys.begin(), keys.begin() + 20));
    CHECK(first.total > 2000);
    for (const std::string q : {"the", "the -russia", "day -russia", "the OR of", "\"of the day\"", "note"}) {
        for (const auto& [limit, offset] : {std::pair<std::size_t, std::size_t>{10, 0}, {100, 0}, {20, 40}, {30, 600}}) {
            CAPTURE(q, limit, offset);
            const fts::SearchResults expected = search(one, q, limit, offset);
            REQUIRE(expected.hits.size() == limit);
            check_same_hits(search(two, q, limit, offset), expected);
            // A page is those ranks of a longer list.
            const fts::SearchResults longer = search(one, q, offset + limit, 0);
            REQUIRE(longer.hits.size() == offset + limit);
            for (std::size_t i = 0; i < limit; ++i) CHECK(longer.hits[offset + i].id == expected.hits[i].id);
        }
    }
}

TEST_CASE("search: remote shard addresses and stub lines", "[search][shards]") {
    struct Row {
        std::string path;
        std::string host;  // empty: an error
        unsigned port = 0;
        std::string error = {};
    };
    for (const Row& row : {
             Row{"tcp://127.0.0.1:7301", "127.0.0.1", 7301},
             Row{"tcp://shard2.example.org:33333", "shard2.example.org", 33333},
             Row{"tcp://[::1]:8000", "::1", 8000},
             Row{"TCP://Shard1:7301", "Shard1", 7301},  // the scheme in any case
             Row{"tcp://host", "", 0, "no port"},
             Row{"tcp://:80", "", 0, "no host"},
             Row{"tcp://host:0", "", 0, "the port is not a number from 1 to 65535"},
             Row{"tcp://host:65536", "", 0, "the port is not a number from 1 to 65535"},
             Row{"tcp://host:80x", "", 0, "the port is not a number from 1 to 65535"},
             Row{"tcp://[::1:80", "", 0, "in brackets"},
             Row{"tcp://a/b:80", "", 0, "not a name or an address"},
         }) {
        CAPTURE(row.path);
        if (row.host.empty()) {
            CHECK_THROWS_WITH(fts::remote_address(row.path), Catch::Contains(row.error) && Catch::Contains(row.path));
        } else {
            const auto address = fts::remote_address(row.path);
            REQUIRE(address);
            CHECK(address->host == row.host);
            CHECK(address->port == row.port);
        }
    }
    CHECK_FALSE(fts::remote_address("xapian-db"));
    CHECK_FALSE(fts::remote_address("/srv/tcp://x"));

    fts::test::TempDir dir;
    dir.write("mixed.stub", "# two machines and a local shard\nremote 10.0.0.2:7301\nauto local\nremote [::1]:7302\n");
    CHECK(fts::database_paths((dir.path() / "mixed.stub").string()) ==
          std::vector<std::string>{"tcp://10.0.0.2:7301", (dir.path() / "local").string(), "tcp://[::1]:7302"});
    for (const std::string bad : {"remote :xapian-progsrv db", "remote host", "remote host:99999", "remote"}) {
        CAPTURE(bad);
        dir.write("bad.stub", "auto s1\n" + bad + "\n");
        CHECK_THROWS_WITH(fts::database_paths((dir.path() / "bad.stub").string()), Catch::Contains("line 2: '" + bad + "' is not 'remote HOST:PORT'"));
    }
    // A shard that does not answer: the error names it (a port nothing listens on).
    CHECK_THROWS_AS(fts::Searcher("tcp://127.0.0.1:1"), fts::ShardUnreachableError);
    CHECK_THROWS_WITH(fts::Searcher("tcp://127.0.0.1:1"), Catch::Contains("remote shard 'tcp://127.0.0.1:1' cannot be reached"));
}

TEST_CASE("search: indexer --shards splits articles by key, keeps each in its shard, and is searched as one", "[search][index][shards]") {
    ArticleFixture f;
    for (int i = 0; i < 12; ++i) {
        write_report(f, i, "Sanctions on coal, item " + std::to_string(i) + (i % 3 == 0 ? ". The port of Rajin reopened.\n" : ".\n"));
    }
    f.index();
    fts::IndexerOptions sharded;
    sharded.db_path = f.db("sharded");
    sharded.paths = {f.corpus()};
    sharded.shards = 3;
    std::ostringstream diagnostics;
    CHECK(fts::run_indexer(sharded, diagnostics).added == 12);
    std::size_t total = 0;
    for (int k = 0; k < 3; ++k) {
        const Xapian::Database shard(f.db("sharded/shard-" + std::to_string(k)));
        total += shard.get_doccount();
        for (auto it = shard.postlist_begin(""); it != shard.postlist_end(""); ++it) {
            const std::string key = shard.get_document(*it).get_value(fts::terms::kSlotArticle);
            CHECK(fts::shard_of(key, 3) == static_cast<std::size_t>(k));
        }
    }
    CHECK(total == 12);
    auto search = [&](const std::string& db, const std::string& q) {
        fts::SearchRequest r;
        r.query = q;
        r.limit = 20;
        return fts::Searcher(db).search(r);
    };
    auto same = [&](const std::string& q) {
        CAPTURE(q);
        check_same_hits(search(sharded.db_path, q), search(f.db(), q));
    };
    same("sanctions");
    same("Rajin port");
    same("coal -Rajin");
    // Changed, deleted and unchanged articles: each found in the shard that holds it.
    f.write("a3.txt", "Report 3\n\nNow about zebrafish.\n");
    std::filesystem::remove(std::filesystem::path(f.corpus()) / "a6.txt");
    f.index();
    sharded.shards = 0;  // the folder's count
    const fts::IndexSummary again = fts::run_indexer(sharded, diagnostics);
    CHECK(again.updated == 1);
    CHECK(again.removed == 1);
    CHECK(again.unchanged == 10);
    same("zebrafish");
    same("Rajin");
    CHECK(search(sharded.db_path, "Rajin").total == 2);  // a0 and a9: a3 changed, a6 deleted
    // Another count for the same folder is refused.
    sharded.shards = 2;
    CHECK_THROWS_WITH(fts::run_indexer(sharded, diagnostics), Catch::Contains("holds 3 shards, not 2"));
    // Regression: a shard or the spelling folder indexed alone took every
    // article, and the folder then listed each hit two or three times.
    for (const std::string part : {"shard-1", "spelling"}) {
        CAPTURE(part);
        fts::IndexerOptions alone = f.options(0, "sharded/" + part);
        CHECK_THROWS_WITH(fts::run_indexer(alone, diagnostics), Catch::Contains("is part of the folder of shards"));
    }
    CHECK(search(sharded.db_path, "sanctions").total == 10);  // each article once
    // The same database named twice would count its articles twice.
    CHECK_THROWS_WITH(fts::Searcher(std::vector<std::string>{f.db(), f.db() + "/"}), Catch::Contains("is named twice"));
}

TEST_CASE("search: feedback over several databases weighs with the whole's frequencies", "[search][shards]") {
    // Regression: the top articles all in one database, Xapian's expansion
    // scaled that database's term frequencies up to stand for the whole
    // (Enquire::get_eset without USE_EXACT_TERMFREQ), so the feedback scores
    // of later hits differed from those over one database.
    ArticleFixture f;
    auto article = [&](const std::string& folder, int i, const std::string& words) {
        f.write(folder + "/a" + std::to_string(i) + ".txt", "Report " + std::to_string(i) + "\n\n" + words + "\n");
    };
    for (int i = 0; i < 3; ++i) article("first", i, "The railway across the Tumen river reopened, freight trains to Rajin.");
    for (int i = 3; i < 6; ++i) article("first", i, "Coal exports fell again.");
    for (int i = 6; i < 30; ++i) article("second", i, i % 2 ? "Tumen river floods in the spring." : "A railway note on freight prices.");
    fts::IndexerOptions one = f.options(0, "one"), first = f.options(0, "first"), second = f.options(0, "second");
    first.paths = {f.corpus() + "/first"};
    second.paths = {f.corpus() + "/second"};
    ArticleFixture::index(one);
    ArticleFixture::index(first);
    ArticleFixture::index(second);
    fts::SearchRequest r;
    r.query = "railway";
    r.limit = 30;
    r.ranking.feedback.after = 1;
    const fts::SearchResults whole = fts::Searcher(f.db("one")).search(r);
    const fts::SearchResults split = fts::Searcher(std::vector<std::string>{f.db("first"), f.db("second")}).search(r);
    CHECK(split.feedback_query == whole.feedback_query);
    check_same_hits(split, whole);
}

TEST_CASE("search: a word in every article still matches after articles are changed and removed in place", "[search]") {
    // Regression: unweighted (the word is in most articles), Xapian 1.4.22's
    // matcher reads a term in every document as the list of all documents
    // and threw "Unexpected end of posting list" (reported as a damaged
    // database) once that list spanned two chunks.
    ArticleFixture f;
    for (int i = 0; i < 6; ++i) write_report(f, i, "Sanctions on coal.\n");
    f.index();
    f.write("a2.txt", "Report 2\n\nSanctions on steel now.\n");
    std::filesystem::remove(std::filesystem::path(f.corpus()) / "a4.txt");
    f.index();
    const fts::SearchResults r = f.search("sanctions");
    CHECK(r.total == 5);
    CHECK(r.hits.size() == 5);
    // The facets count the match unweighted too.
    fts::SearchRequest with_facets;
    with_facets.query = "sanctions";
    with_facets.facets = true;
    const fts::SearchResults counted = fts::Searcher(f.db()).search(with_facets);
    REQUIRE(counted.facets);
    CHECK(counted.total == 5);
}
