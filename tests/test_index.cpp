#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/document/passage_splitter.hpp"
#include "fts/error.hpp"
#include "fts/document/corpus_reader.hpp"
#include "fts/index/index_writer.hpp"
#include "fts/index/indexing_run.hpp"
#include "fts/index/article_document.hpp"
#include "fts/cli/hit_printer.hpp"
#include "fts/index/terms.hpp"
#include "fts/ranking/passage_scorer.hpp"
#include "fts/ranking/searcher.hpp"
#include "support/helpers.hpp"

namespace fs = std::filesystem;

namespace {

// A copy of tests/data/corpus in a temporary folder, with a database beside it.
class IndexFixture {
  public:
    IndexFixture() {
        fs::copy(FTS_TEST_DATA "/corpus", corpus(), fs::copy_options::recursive);
    }
    auto corpus() const -> fs::path { return dir_.path() / "corpus"; }
    auto db() const -> std::string { return (dir_.path() / "db").string(); }

    auto Index() -> fts::IndexSummary {
        fts::IndexerOptions options;
        options.db_path = db();
        options.paths = {corpus().string()};
        diagnostics_.str("");
        return fts::run_indexer(options, diagnostics_);
    }
    void Write(const std::string& relative, const std::string& content) const {
        std::ofstream(corpus() / relative, std::ios::binary) << content;
    }
    void Remove(const std::string& relative) const { fs::remove(corpus() / relative); }
    auto Diagnostics() const -> std::string { return diagnostics_.str(); }
    auto HasTerm(const std::string& term) const -> bool {
        Xapian::Database d(db());
        return d.term_exists(term);
    }
    auto Search(const std::string& query, bool all_passages = false) const -> std::vector<fts::Hit> {
        fts::SearchRequest r;
        r.query = query;
        r.all_passages = all_passages;
        return fts::Searcher(db()).search(r).hits;
    }

  private:
    fts::test::TempDir dir_;
    std::ostringstream diagnostics_;
};

}  // namespace

TEST_CASE_METHOD(IndexFixture, "index: terms the index must and must not hold", "[index]") {
    const auto summary = Index();
    CHECK(summary.added == 5);
    CHECK(summary.skipped == 0);
    // Body words, stems, fields and dates, spelt as terms.hpp says.
    for (const std::string term : {"rajin", "hasan", "Zsanction", "sanctions", "47.9", "28500", "2003", "2007",
                                   "six", "party", "Srail", "ZSlink", "Ajane", "Adoe", "Asmith", "Aann", "XSRCtest",
                                   "XSRCexample", "Y2019", "M201904", "D20190425", "Y2017", "санкции", "Zсанкц",
                                   "김정", "정은", "rajinhasan", "Zrajinhasan", "sixparty",
                                   "Zsixparti"}) {
        CAPTURE(term);
        CHECK(HasTerm(term));
    }
    // Markup, scripts and link targets are not words.
    // Nor are numbers joined where they meet ("2003-2007").
    for (const std::string term : {"gtag", "google", "datalayer", "font", "https", "example.org", "mdash", "8209", "p",
                                   "20032007"}) {
        CAPTURE(term);
        CHECK_FALSE(HasTerm(term));
    }
}

// The spelling table's words and frequencies, and what they should be: the
// spelling words of the articles the index holds, with their wdf summed.
auto spelling_table(const Xapian::Database& db) -> std::map<std::string, Xapian::doccount> {
    std::map<std::string, Xapian::doccount> out;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out[*it] = it.get_termfreq();
    return out;
}

auto spelling_of_articles(const Xapian::Database& db) -> std::map<std::string, Xapian::doccount> {
    std::map<std::string, Xapian::doccount> out;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        for (auto t = db.termlist_begin(*d); t != db.termlist_end(*d); ++t) {
            if (fts::terms::is_spelling_word(*t)) out[*t] += t.get_wdf();
        }
    }
    return out;
}

TEST_CASE_METHOD(IndexFixture, "index: the spelling table holds the words of the articles indexed, after every kind of run", "[index][spelling]") {
    const auto check = [&](const char* when) {
        Xapian::Database d(db());
        const auto table = spelling_table(d);
        CAPTURE(when, table.size());
        CHECK_FALSE(table.empty());
        CHECK(table == spelling_of_articles(d));
    };
    Index();
    check("first run");
    {
        Xapian::Database d(db());
        const auto table = spelling_table(d);
        CHECK(table.count("sanctions") == 1);
        CHECK(table.count("санкции") == 1);
        CHECK(table.count("Zsanction") == 0);  // stems and prefixed terms are not words
        CHECK(table.count("28500") == 0);
        CHECK(table.count("김정") == 0);        // nor Hangul bigrams
    }
    Write("sanctions.txt", "Sanctions revisited\n\nA wholly new text about zebrafish in Busan harbour.");
    Remove("summit.html");
    Write("new.txt", "A New Article\n\nPassenger ferries return to Rajin.");
    Index();
    check("articles changed, removed and added");
    CHECK(spelling_table(Xapian::Database(db())).count("zebrafish") == 1);

    for (const std::size_t jobs : {1, 3}) {
        fts::IndexerOptions options;
        options.db_path = db();
        options.paths = {corpus().string()};
        options.rebuild = true;
        options.jobs = jobs;
        std::ostringstream ignored;
        fts::run_indexer(options, ignored);
        check(jobs == 1 ? "rebuilt on one thread" : "rebuilt on three threads and merged");
    }
}

TEST_CASE_METHOD(IndexFixture, "index: re-indexing adds, updates, removes, leaves alone", "[index]") {
    const auto first = Index();
    REQUIRE(first.added == 5);

    const auto again = Index();
    CHECK(again.added == 0);
    CHECK(again.updated == 0);
    CHECK(again.removed == 0);
    CHECK(again.unchanged == 5);
    CHECK(again.passages_written == 0);
    CHECK(again.passages_total == first.passages_total);

    Write("sanctions.txt", "Sanctions revisited\n\nA wholly new text about zebrafish in Busan harbour.");
    Remove("summit.html");
    Write("new.txt", "A New Article\n\nPassenger ferries return to Rajin.");
    const auto changed = Index();
    CHECK(changed.added == 1);
    CHECK(changed.updated == 1);
    CHECK(changed.removed == 1);
    CHECK(changed.unchanged == 3);

    CHECK(HasTerm("zebrafish"));
    CHECK_FALSE(HasTerm("28500"));   // the old text of sanctions.txt is gone
    CHECK_FALSE(HasTerm("XSRCexample"));  // summit.html's passages are gone
    CHECK(Search("ferries").size() == 1);
    CHECK(Search("Vladivostok summit").size() >= 1);  // railway.md still mentions Vladivostok
    for (const auto& hit : Search("Russky")) CHECK(hit.record.article != "summit.html");

    // Touching a file without changing its bytes changes nothing.
    fs::last_write_time(corpus() / "railway.md", fs::file_time_type::clock::now());
    const auto touched = Index();
    CHECK(touched.unchanged == 5);
    CHECK(touched.updated == 0);
}

TEST_CASE_METHOD(IndexFixture, "index: an indexed file that cannot be checked is kept, not removed", "[index]") {
    // A folder of two articles that later cannot be looked into: here a loop
    // of links in its place, which stops even root (a folder without
    // permission to list it does the same for other users).
    fs::create_directories(corpus() / "dossier");
    Write("dossier/one.txt", "Dossier one\n\nThe quagga report from Wonsan.");
    Write("dossier/two.txt", "Dossier two\n\nThe quagga report from Hamhung.");
    REQUIRE(Index().added == 7);
    REQUIRE(Search("quagga").size() == 2);
    fs::rename(corpus() / "dossier", corpus().parent_path() / "dossier-away");
    fs::create_directory_symlink("dossier", corpus() / "dossier");  // dossier -> dossier
    const auto run = Index();
    CHECK(run.removed == 0);
    CHECK(run.skipped == 2);
    CHECK(run.unchanged == 5);
    CHECK(Search("quagga").size() == 2);
    CHECK_THAT(Diagnostics(), Catch::Contains("dossier/one.txt: cannot be checked (") &&
                                  Catch::Contains("), nor can 1 more indexed file: kept as indexed"));
    // A file that is not there is gone.
    fs::remove(corpus() / "dossier");
    const auto after = Index();
    CHECK(after.removed == 2);
    CHECK(Search("quagga").empty());
}

TEST_CASE("index: a file that cannot be checked outside the folders of a run is not this run's concern", "[index]") {
    fts::test::TempDir dir;
    dir.write("a/one.txt", "One\n\nThe quagga report.");
    dir.write("b/two.txt", "Two\n\nThe okapi report.");
    const auto run = [&](std::vector<std::string> folders) {
        fts::IndexerOptions o;
        o.db_path = (dir.path() / "db").string();
        o.paths.clear();
        for (const std::string& f : folders) o.paths.push_back((dir.path() / f).string());
        std::ostringstream diagnostics;
        const fts::IndexSummary s = fts::run_indexer(o, diagnostics);
        return std::pair{s, diagnostics.str()};
    };
    REQUIRE(run({"a", "b"}).first.added == 2);
    fs::rename(dir.path() / "b", dir.path() / "b-away");
    fs::create_directory_symlink("b", dir.path() / "b");  // b -> b: two.txt cannot be checked
    const auto [only_a, said] = run({"a"});
    CHECK(only_a.skipped == 0);  // b is not indexed on this run: nothing to say of it
    CHECK(said.find("cannot be checked") == std::string::npos);
    const auto [both, said_both] = run({"a"});
    CHECK(both.removed == 0);
}

TEST_CASE_METHOD(IndexFixture, "index: bad files are reported and skipped, old text kept", "[index]") {
    Index();
    Write("empty.txt", "");
    Write("binary.txt", std::string("\x7f" "ELF\0\0\0", 7));
    Write("latin1.txt", "Caf\xE9 society in Pyongyang\n");
    Write("sanctions.txt", std::string("\0\0\0\0", 4));  // an indexed file turned binary
    const auto summary = Index();
    CHECK(summary.skipped == 3);
    CHECK(summary.added == 1);  // latin1.txt, repaired
    CHECK(summary.exit_code() == 1);
    const std::string diag = Diagnostics();
    CAPTURE(diag);
    CHECK(diag.find("empty.txt: skipped: empty file") != std::string::npos);
    CHECK(diag.find("binary.txt: skipped: binary file") != std::string::npos);
    CHECK(diag.find("latin1.txt: 1 invalid UTF-8 sequence(s) replaced") != std::string::npos);
    CHECK(HasTerm("28500"));  // what sanctions.txt held before is not lost
    CHECK(Search("Pyongyang").size() >= 1);
}

TEST_CASE_METHOD(IndexFixture, "index: a locked database is a clear error", "[index]") {
    Index();
    fts::IndexWriter holder(db());  // holds the write lock
    try {
        Index();
        FAIL("expected DatabaseLockedError");
    } catch (const fts::DatabaseLockedError& e) {
        CHECK(std::string(e.what()).find("is locked") != std::string::npos);
        // It names the holder (Xapian's lock does not say who holds it).
        CHECK(std::string(e.what()).find("held by process " + std::to_string(::getpid())) != std::string::npos);
    }
}

TEST_CASE_METHOD(IndexFixture, "index: --wait waits for the other indexer to finish", "[index]") {
    Index();
    auto holder = std::make_unique<fts::IndexWriter>(db());
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        holder.reset();
    });
    fts::IndexerOptions options;
    options.db_path = db();
    options.paths = {corpus().string()};
    options.wait_seconds = 30;
    std::ostringstream diagnostics;
    const fts::IndexSummary summary = fts::run_indexer(options, diagnostics);
    release.join();
    CHECK(summary.unchanged == 5);
    CHECK_FALSE(fs::exists(fs::path(db()) / std::string(fts::kOwnerFile)));  // gone with its writer
    options.wait_seconds = 0.3;
    const fts::IndexWriter again(db());
    CHECK_THROWS_WITH(fts::run_indexer(options, diagnostics), Catch::Contains("still running after"));
}

TEST_CASE_METHOD(IndexFixture, "index: a database may not be or hold the folder it indexes", "[index]") {
    for (const std::string& bad : {corpus().string(), corpus().parent_path().string()}) {
        fts::IndexerOptions options;
        options.db_path = bad;
        options.paths = {corpus().string()};
        std::ostringstream diagnostics;
        CAPTURE(bad);
        CHECK_THROWS_AS(fts::run_indexer(options, diagnostics), fts::UsageError);
    }
    CHECK(fs::exists(corpus() / "sanctions.txt"));  // nothing moved or written
    CHECK_FALSE(fs::exists(corpus() / "iamglass"));
}

TEST_CASE_METHOD(IndexFixture, "index: an article is one whichever parent folder is indexed; --prune", "[index]") {
    fs::create_directories(corpus() / "sub");
    Write("sub/extra.txt", "Extra article about the Quuxbridge crossing.\n");
    fts::IndexerOptions options;
    options.db_path = db();
    options.paths = {(corpus() / "sub").string()};
    std::ostringstream diagnostics;
    CHECK(fts::run_indexer(options, diagnostics).added == 1);
    CHECK(Index().unchanged == 1);  // found again under the parent folder: the same article, not re-read
    CHECK(Index().unchanged == 6);
    fs::remove_all(corpus() / "sub");
    options.paths = {corpus().string() + "/sanctions.txt"};
    CHECK(fts::run_indexer(options, diagnostics).removed == 0);  // its folder was not named: kept
    CHECK(HasTerm("quuxbridge"));
    options.prune = true;
    CHECK(fts::run_indexer(options, diagnostics).removed == 1);  // --prune: gone wherever it was
    CHECK_FALSE(HasTerm("quuxbridge"));
}

TEST_CASE_METHOD(IndexFixture, "index: odd files: a link to a blocking file, a FIFO, a device, a huge file, deep HTML, every Unicode plane, links to folders", "[index]") {
    if (fs::exists("/proc/kmsg")) fs::create_symlink("/proc/kmsg", corpus() / "kmsg.txt");  // a "regular" file that blocks
    REQUIRE(::mkfifo((corpus() / "pipe.txt").c_str(), 0600) == 0);
    fs::create_directories(corpus().parent_path() / "elsewhere");
    fs::create_symlink(corpus().parent_path() / "elsewhere", corpus() / "linked");
    fs::create_symlink(corpus() / "linked-loop", corpus() / "linked-loop");  // a link to itself
    fs::create_symlink("/dev/zero", corpus() / "zero.txt");  // a device: endless, never read
    std::string huge = "Huge article.\n\n";
    while (huge.size() <= fts::kMaxArticleBytes) huge += "word ";
    huge += "beyondthecap";
    Write("huge.txt", huge);
    // HTML nested 200,000 deep, and text with a character of every plane
    // (private use, noncharacters and a lone surrogate's bytes among them).
    std::string deep = "<html><head><title>Deep page</title></head><body>";
    for (int i = 0; i < 200000; ++i) deep += "<div>";
    deep += "nestedword";
    for (int i = 0; i < 200000; ++i) deep += "</div>";
    Write("deep.html", deep + "</body></html>");
    std::string planes = "Planes\n\nplaneword";
    for (const char* c : {"\u00e9", "\u4e2d", "\uE000", "\uFFFD", "\U0001F600", "\U00020000", "\U0003134A", "\U000E0041",
                          "\U000F0000", "\U0010FFFD", "\xed\xa0\x80", "\xef\xbf\xbe"}) {
        planes += " ";
        planes += c;
    }
    Write("planes.txt", planes + " lastword\n");
    const fts::IndexSummary summary = Index();  // returns: nothing blocks
    CHECK(summary.added == 8);
    CHECK(HasTerm("nestedword"));
    CHECK(HasTerm("planeword"));
    CHECK(HasTerm("lastword"));
    CHECK(Diagnostics().find("zero.txt") == std::string::npos);  // not a regular file: not an article
    const std::string said = Diagnostics();
    CHECK(said.find("linked: folder left out: a symbolic link to a folder is not followed") != std::string::npos);
    CHECK(said.find("huge.txt: larger than 16 MiB: only its first 16 MiB are indexed") != std::string::npos);
    CHECK(said.find("pipe.txt") == std::string::npos);  // not a regular file: not an article
    CHECK(HasTerm("word"));
    CHECK_FALSE(HasTerm("beyondthecap"));
}

TEST_CASE_METHOD(IndexFixture, "index: an abandoned run changes nothing", "[index]") {
    Index();
    const auto before = Xapian::Database(db()).get_doccount();
    {
        fts::IndexWriter writer(db());
        writer.remove(writer.articles().begin()->second.docid);
        // destroyed without commit()
    }
    CHECK(Xapian::Database(db()).get_doccount() == before);
    CHECK(Index().unchanged == 5);
}

TEST_CASE_METHOD(IndexFixture, "index: missing paths and databases", "[index]") {
    fts::IndexerOptions options;
    options.db_path = db();
    options.paths = {(corpus() / "nope").string()};
    std::ostringstream diag;
    CHECK_THROWS_AS(fts::run_indexer(options, diag), fts::UsageError);
    CHECK_FALSE(fs::exists(db()));
    CHECK_THROWS_AS(fts::open_database(db()), fts::DatabaseMissingError);
}

TEST_CASE_METHOD(IndexFixture, "search: ranking, fields, dates and collapse", "[index][search]") {
    Index();
    SECTION("hyphenated names match dashed and spaced forms") {
        const auto hits = Search("Rajin-Hasan", true);
        REQUIRE(hits.size() == 2);  // "Rajin-Hasan" in one passage, "Rajin–Hasan" in the next
        for (const auto& h : hits) {
            CHECK(h.record.article == "railway.md");
            REQUIRE_FALSE(h.snippet.highlights.empty());
            const auto [b, e] = h.snippet.highlights.front();  // the whole name is one span
            const std::string name = h.snippet.text.substr(b, e - b);
            CHECK((name == "Rajin-Hasan" || name == "Rajin\u2013Hasan"));
        }
        CHECK(Search("Rajin-Hasan").size() == 1);  // one hit per article by default
    }
    SECTION("scores are finite numbers for dashed words written every way") {
        // Regression: an OP_SYNONYM of phrase and compound gave BB2, an earlier
        // article model, a NaN weight.
        for (const std::string q : {"six-party talks", "Rajin-Hasan railway", "Kim Jong-un"}) {
            for (const auto& h : Search(q, true)) {
                CAPTURE(q, h.record.article, h.record.passage);
                CHECK(std::isfinite(h.score));
                CHECK(std::isfinite(h.article_score));
                CHECK(h.score >= 0);
            }
        }
    }
    SECTION("a dashed word and its one-word spelling find each other") {
        const auto hits = Search("RajinHasan", true);
        REQUIRE(hits.size() == 2);
        CHECK(hits[0].record.article == "railway.md");
        CHECK(Search("sixparty").at(0).record.article == "sanctions.txt");
    }
    SECTION("a word in no article is searched as its nearest indexed spelling") {
        fts::SearchRequest r;
        r.query = "sanctoins";
        const fts::SearchResults corrected = fts::Searcher(db()).search(r);
        REQUIRE_FALSE(corrected.hits.empty());
        CHECK(std::any_of(corrected.hits.begin(), corrected.hits.end(), [](const fts::Hit& h) { return h.record.article == "sanctions.txt"; }));
        REQUIRE(corrected.warnings.size() == 1);
        CHECK_THAT(corrected.warnings[0], Catch::Contains("'sanctoins' is in no article; searched for 'sanctions'"));
        r.correct_spelling = false;
        CHECK(fts::Searcher(db()).search(r).hits.empty());
        CHECK(Search("\"sanctoins\"").empty());  // quoted: exactly as typed
        CHECK_FALSE(Search("+sanctoins").empty());
        CHECK(Search("-sanctoins railway").at(0).record.article == "railway.md");  // excluded words stay as typed
    }
    SECTION("a phrase finds every article that has it") {
        const auto hits = Search("\"six party talks\"");
        std::set<std::string> articles;
        for (const auto& h : hits) articles.insert(h.record.article);
        CHECK(articles == std::set<std::string>{"sanctions.txt", "summit.html"});
    }
    SECTION("author and date filters") {
        CHECK(Search("author:smith").at(0).record.article == "sanctions.txt");
        CHECK(Search("author:\"Ann Lee\" Putin").at(0).record.article == "summit.html");
        CHECK(Search("railway date:2019-04-26").at(0).record.article == "summit.html");
        CHECK(Search("sanctions date:..2018").size() == 1);
        CHECK(Search("sanctions date:2020..").empty());
    }
    SECTION("boilerplate ranks below the body") {
        // "Rajin" is in the body passages and in the closing biography.
        const auto hits = Search("Rajin author:doe", true);
        REQUIRE(hits.size() == 3);
        CHECK_FALSE(hits[0].record.boilerplate);
        CHECK_FALSE(hits[1].record.boilerplate);
        CHECK(hits[2].record.boilerplate);
    }
    SECTION("Russian and Korean words are found as written") {
        CHECK(Search("санкциями").at(0).record.article == "ru/putin.txt");
        CHECK(Search("김정은").at(0).record.article == "ko/kim.txt");
    }
    SECTION("NEAR matches every form of a stemmed word") {
        CHECK(Search("sanction NEAR/3 coal").empty());
        CHECK(Search("sanction NEAR/12 coal").size() == 2);  // "sanction ... coal" in two articles
        CHECK(Search("sanctions NEAR/2 Security").empty());
        CHECK_FALSE(Search("imposed NEAR/1 sanction").empty());
    }
}

namespace {

// Short articles for the feedback tests: four on the pipeline that mention
// sanctions often (the best hits), eight fillers that mention them twice, forty
// that do not, and after the first page two that mention them once, alike in length:
// `pipeline-side.txt` in the best hits' vocabulary, `football.txt` (a few
// words shorter, so plain BM25 puts it first) not. `pipeline-only.txt` has the
// vocabulary but not the query's word.
class FeedbackFixture {
  public:
    FeedbackFixture() {
        const std::string pipeline =
            "the Vladivostok pipeline terminal loads tankers with crude for the consortium and its refinery buyers";
        for (int i = 0; i < 4; ++i) {
            dir_.write("corpus/best" + std::to_string(i) + ".txt",
                       "Pipeline report " + std::to_string(i) + "\n\nSanctions, sanctions and more sanctions hit " +
                           pipeline + ". Sanctions again.\n");
        }
        for (int i = 0; i < 8; ++i) {
            dir_.write("corpus/filler" + std::to_string(i) + ".txt",
                       "Note " + std::to_string(i) +
                           "\n\nThe council discussed sanctions twice, sanctions, at length today.\n");
        }
        for (int i = 0; i < 40; ++i) {  // so that "sanctions" is a rare word
            dir_.write("corpus/weather" + std::to_string(i) + ".txt",
                       "Weather " + std::to_string(i) + "\n\nRain and wind over the coast, clearing by the evening.\n");
        }
        dir_.write("corpus/football.txt",
                   "Match day\n\nThe league fined the club, sanctions for the stadium crowd after the cup final "
                   "tickets sold out and the supporters sang all through the evening.\n");
        dir_.write("corpus/pipeline-side.txt",
                   "Port traffic\n\nAt the Vladivostok terminal the pipeline consortium loads tankers with crude for "
                   "refinery buyers, and sanctions have not slowed the tankers or the pipeline this year at all.\n");
        dir_.write("corpus/pipeline-only.txt",
                   "Terminal\n\nThe Vladivostok pipeline terminal loads tankers with crude for the consortium and "
                   "refinery buyers; the pipeline consortium expands the terminal.\n");
        fts::IndexerOptions options;
        options.db_path = db();
        options.paths = {(dir_.path() / "corpus").string()};
        std::ostringstream diagnostics;
        fts::run_indexer(options, diagnostics);
    }
    auto db() const -> std::string { return (dir_.path() / "db").string(); }
    auto Articles(const std::string& query, double feedback_weight) const -> std::vector<std::string> {
        fts::SearchRequest r;
        r.query = query;
        r.limit = 20;
        r.ranking.feedback.weight = feedback_weight;
        std::vector<std::string> articles;
        for (const fts::Hit& h : fts::Searcher(db()).search(r).hits) articles.push_back(h.record.article);
        return articles;
    }

  private:
    fts::test::TempDir dir_;
};

auto position(const std::vector<std::string>& list, const std::string& item) -> std::ptrdiff_t {
    return std::find(list.begin(), list.end(), item) - list.begin();
}

}  // namespace

TEST_CASE_METHOD(FeedbackFixture, "search: feedback re-ranks only the hits after the first page",
                 "[search][feedback]") {
    const fts::RankingOptions defaults;
    REQUIRE(defaults.feedback.after == 10);
    REQUIRE(defaults.feedback.weight > 0);
    const auto plain = Articles("sanctions", 0.0);
    const auto with_feedback = Articles("sanctions", defaults.feedback.weight);
    REQUIRE(plain.size() == 14);
    REQUIRE(with_feedback.size() == 14);
    CAPTURE(plain, with_feedback);
    SECTION("the first page is the query's own ranking") {
        CHECK(std::vector(plain.begin(), plain.begin() + 10) ==
              std::vector(with_feedback.begin(), with_feedback.begin() + 10));
        for (int i = 0; i < 4; ++i) CHECK(position(plain, "best" + std::to_string(i) + ".txt") < 4);
    }
    SECTION("further down, the article in the best hits' vocabulary rises") {
        CHECK(position(plain, "football.txt") < position(plain, "pipeline-side.txt"));
        CHECK(position(with_feedback, "pipeline-side.txt") < position(with_feedback, "football.txt"));
        CHECK(position(with_feedback, "pipeline-side.txt") >= 10);
    }
    SECTION("feedback never brings an article the query does not match") {
        CHECK(position(with_feedback, "pipeline-only.txt") == static_cast<std::ptrdiff_t>(with_feedback.size()));
        const auto excluded = Articles("sanctions -stadium", defaults.feedback.weight);
        CHECK(position(excluded, "football.txt") == static_cast<std::ptrdiff_t>(excluded.size()));
    }
}

TEST_CASE_METHOD(FeedbackFixture, "search: --explain shows the feedback part of a score", "[search][feedback]") {
    fts::SearchRequest r;
    r.query = "sanctions";
    r.limit = 20;
    r.explain = true;
    const auto hits = fts::Searcher(db()).search(r).hits;
    const fts::RankingOptions defaults;
    REQUIRE(hits.size() == 14);
    for (const fts::Hit& h : hits) {
        CAPTURE(h.rank, h.record.article, fts::explain_note(h));
        if (h.rank <= 10) {
            CHECK(h.feedback_score == 0);
            CHECK_THAT(fts::explain_note(h), !Catch::Contains("feedback"));
        } else if (h.record.article == "pipeline-side.txt") {
            CHECK(h.feedback_score > 0);
            CHECK_THAT(fts::explain_note(h), Catch::Contains("x feedback"));
            CHECK(h.score == Approx(h.passage_score + defaults.article_weight * h.article_score + 0.3 * h.feedback_score));
        }
    }
}

TEST_CASE("index: each passage's positions are its text analysed alone", "[index]") {
    // The body is analysed once for the article and cut into passages; the
    // words of each passage range must be what analysing its own text gives,
    // at the positions the range says. Small passage sizes force joins,
    // paragraph cuts and a long sentence cut at spaces.
    fts::Analyzer analyzer = fts::make_default_analyzer();
    fts::Article article;
    article.root = "/tmp";
    article.relative_path = "a.txt";
    article.meta.title = "Rail links";
    std::string sentence;
    for (int i = 0; i < 30; ++i) sentence += "Kim Jong-un met IL-6 experts in 2003-2007 and Rajin\u2013Hasan ";
    article.body = "Short opening.\n\nRussia\u2019s sanctions hit the Rajin-Hasan railway. Coal moved again.\n\n" +
                   sentence + "\n\nПутин ввёл санкции. 김정은 위원장.\n";
    fts::PassageOptions options;
    options.min_words = 5;
    options.target_words = 12;
    options.max_words = 20;
    fts::ArticleRecord record;
    record.path = "/tmp/a.txt";
    const fts::ArticleDocument built = fts::build_article_document(article, record, analyzer, options);
    const auto spans = fts::split_passages(article.body, article.meta.author, options);
    const auto ranges = fts::ArticleData::parse(built.doc.get_value(fts::terms::kSlotArticleData)).passages;
    REQUIRE(ranges.size() == spans.size());
    REQUIRE(built.passages == spans.size());
    REQUIRE(spans.size() > 5);
    // Every body position of the document, by term.
    std::map<Xapian::termpos, std::set<std::string>> held;
    for (auto t = built.doc.termlist_begin(); t != built.doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;  // prefixed: not body words
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) held[*p].insert(term);
    }
    for (std::size_t n = 0; n < spans.size(); ++n) {
        const std::string text = article.body.substr(spans[n].begin, spans[n].end - spans[n].begin);
        CAPTURE(n, text);
        CHECK(ranges[n].begin == spans[n].begin);
        CHECK(ranges[n].end == spans[n].end);
        CHECK(ranges[n].boilerplate == spans[n].boilerplate);
        const auto tokens = analyzer.analyze_for_index(text);
        CHECK(ranges[n].words == fts::word_count(tokens));
        std::map<Xapian::termpos, std::set<std::string>> expected, found;
        for (const fts::Token& t : tokens) {
            expected[fts::terms::kBodyPosition + ranges[n].first_word + t.position].insert(fts::terms::exact("", t));
        }
        for (const auto& [pos, terms] : expected) found[pos] = held[pos];
        CHECK(found == expected);
    }
}

TEST_CASE_METHOD(IndexFixture, "index: an article's positions found in its stored text are those its document holds", "[index][shards]") {
    // A remote shard's candidates are scored from their text (read_positions):
    // the analysis must put every term where the indexer did.
    Write("tricky.md", "---\ntitle: Kim Jong-un visits Amazon.com HQ\n---\n\nKim Jong-un met IL-6 experts in 2003-2007 "
                       "about the Rajin\u2013Hasan link and $47.9 million. 6자회담 법 집행 2397호의 bbc.co.uk.\n\n" +
                           std::string(300, 'x') + " Путин ввёл санкции, ёлка.\n");
    Index();
    const Xapian::Database db(this->db());
    REQUIRE(db.get_doccount() == 6);
    fts::Analyzer analyzer = fts::make_default_analyzer();
    std::vector<Xapian::docid> docids;
    std::vector<fts::ArticleData> articles;
    std::vector<std::string> forms;  // every unprefixed term of every article
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        docids.push_back(*it);
        const Xapian::Document doc = db.get_document(*it);
        articles.push_back(fts::ArticleData::parse(doc.get_value(fts::terms::kSlotArticleData)));
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if (fts::terms::is_unprefixed(*t)) forms.push_back(*t);
        }
    }
    std::vector<const fts::ArticleData*> stored;
    for (const fts::ArticleData& a : articles) stored.push_back(&a);
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    const auto from_index = fts::read_positions({fts::Shard{db, false, this->db()}}, docids, stored, forms, analyzer);
    for (std::size_t i = 0; i < articles.size(); ++i) {
        CAPTURE(articles[i].article);
        const fts::FormPositions from_text = fts::positions_in_text(articles[i], forms, analyzer);
        CHECK(from_text.size() > 10);
        CHECK(from_text == from_index[i]);
    }
}

TEST_CASE_METHOD(IndexFixture, "index: a table cut short is noticed, and --rebuild makes the index anew", "[index]") {
    Index();
    Index();  // an unchanged run leaves the recorded sizes as they are
    const fs::path table = fs::path(db()) / "termlist.glass";
    fs::resize_file(table, fs::file_size(table) - 8192);  // the last block gone: Xapian would read it only when asked
    CHECK_THROWS_WITH(Index(), Catch::Contains("is damaged") && Catch::Contains("indexer --rebuild --db"));
    // The searcher notices it too, before any query happens to read the lost block.
    CHECK_THROWS_WITH(fts::Searcher(db()), Catch::Contains("is damaged") && Catch::Contains("indexer --rebuild --db"));
    fts::IndexerOptions options;
    options.db_path = db();
    options.paths = {corpus().string()};
    options.rebuild = true;
    std::ostringstream diagnostics;
    const fts::IndexSummary summary = fts::run_indexer(options, diagnostics);
    CHECK(summary.added == 5);
    CHECK(diagnostics.str().find("moved to '" + db() + ".damaged' and built anew") != std::string::npos);
    CHECK(fs::exists(db() + ".damaged"));  // kept, not deleted
    CHECK(Search("Pyongyang").size() >= 1);
    CHECK(Index().unchanged == 5);
}

TEST_CASE("index: a commit its file system has no room for fails before Xapian writes", "[index][disk]") {
    constexpr std::uintmax_t MB = 1000 * 1000;
    std::uintmax_t free = 0;
    fts::CommitSpace space("/data/db", "/data/db", fts::kDiskFullInPlace, [&](const std::string& dir) {
        CHECK(dir == "/data/db");
        return free;
    });
    const std::size_t batch = 2 << 20;
    const std::uintmax_t one = fts::CommitSpace::bytes_needed(batch);
    CHECK(one >= 3 * batch);  // what a commit was measured to write at most

    free = 100 * MB;
    { const auto room = space.reserve(batch); }
    free = one - 1;
    CHECK_THROWS_AS(space.reserve(batch), fts::DiskFullError);
    CHECK_THROWS_WITH(space.reserve(batch), Catch::Contains("database '/data/db': not enough free space") &&
                                                Catch::Contains(" MB free") && !Catch::Contains("other threads"));
    CHECK_NOTHROW(space.reserve(1000));  // a small commit still fits
    free = 0;
    CHECK_NOTHROW(space.reserve(0));  // no documents, no values to merge: no room needed
    try {
        (void)space.reserve(1);
    } catch (const fts::DiskFullError& e) {
        CHECK(e.advice() == fts::kDiskFullInPlace);
    }

    // The largest batch that fits: a run commits before its batch outgrows the room.
    for (const std::uintmax_t f : {std::uintmax_t{0}, MB, 3 * MB, 20 * MB, 1000 * MB}) {
        free = f;
        const std::size_t room = space.batch_room();
        CAPTURE(f, room);
        CHECK((f <= MB) == (room == 0));
        // Still reserved when Xapian wrote 3 bytes a batch byte before the commit.
        free = f - std::min<std::uintmax_t>(f, 3 * std::uintmax_t{room});
        if (room > 0) CHECK_NOTHROW(space.reserve(room));
        CHECK_THROWS_AS(space.reserve(2 * room + 2), fts::DiskFullError);  // no more than half the room
        free = f;
        // Two writers at once: each commit of its share fits beside the other's.
        const std::size_t half = space.batch_room(2);
        CHECK(half <= room / 2);
        if (half > 0) {
            const auto first = space.reserve(half);
            CHECK_NOTHROW(space.reserve(half));
        }
    }

    // Commits running at once: their room adds up, and comes back when they end.
    free = 2 * one + one / 2;
    {
        const auto first = space.reserve(batch);
        {
            const auto second = space.reserve(batch);
            CHECK_THROWS_WITH(space.reserve(batch), Catch::Contains("commits running on other threads may still write up to"));
            CHECK(space.batch_room() < batch);
        }
        CHECK_NOTHROW(space.reserve(batch));
    }
    // A file system that cannot say how much it holds is taken to have room.
    fts::CommitSpace unknown("db", "/no/such/folder/at/all", fts::kDiskFullAside);
    CHECK_NOTHROW(unknown.reserve(batch));
    CHECK(unknown.batch_room() == SIZE_MAX);
}

TEST_CASE("index: a block overwritten in place is reported as damage, not as a database that changed", "[index]") {
    // Xapian reports a block whose contents do not match its revision as
    // DatabaseModifiedError ("the revision being read has been discarded"):
    // searching again cannot help when the revision is still the latest.
    fts::test::TempDir dir;
    std::mt19937 random(20261202);
    for (int i = 0; i < 300; ++i) {
        std::string text = "Report " + std::to_string(i) + "\n\n";
        for (int k = 0; k < 600; ++k) text.append("t").append(std::to_string(random() % 50000)).append(" ");
        dir.write(std::string("corpus/a").append(std::to_string(i)).append(".txt"), text);
    }
    fts::IndexerOptions options;
    options.db_path = (dir.path() / "db").string();
    options.paths = {(dir.path() / "corpus").string()};
    std::ostringstream ignored;
    REQUIRE(fts::run_indexer(options, ignored).added == 300);
    const fs::path table = dir.path() / "db" / "postlist.glass";
    REQUIRE(fs::file_size(table) > 101 * 8192);
    {
        std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(100 * 8192);
        f.write("\0\0\0\x09", 4);  // the block's revision, overwritten
    }
    fts::Searcher searcher(options.db_path);
    std::size_t damaged = 0;
    for (int t = 0; t < 1000; ++t) {
        fts::SearchRequest r;
        r.query = std::string("t").append(std::to_string(t));
        try {
            (void)searcher.search(r);
        } catch (const fts::DatabaseDamagedError& e) {
            ++damaged;
            CHECK_THAT(e.what(), Catch::Contains("indexer --rebuild --db"));
        }
        // Any other exception fails the test.
    }
    CHECK(damaged > 0);
}

TEST_CASE_METHOD(IndexFixture, "index: --db a file, --db in folders yet to make, a half-built rebuild left by a kill", "[index]") {
    fts::IndexerOptions options;
    options.paths = {corpus().string()};
    std::ostringstream diagnostics;
    options.db_path = (corpus() / "sanctions.txt").string();
    CHECK_THROWS_WITH(fts::run_indexer(options, diagnostics), Catch::Contains("is a file, not a database folder"));
    CHECK_THROWS_WITH(fts::Searcher(options.db_path), Catch::Contains("is a file, not a database folder"));
    // A remote shard is not written through its server, nor made a local folder "tcp:".
    for (const std::string remote : {"tcp://127.0.0.1:7301", "TCP://shard1:7301"}) {
        options.db_path = remote;
        CHECK_THROWS_WITH(fts::run_indexer(options, diagnostics), Catch::Contains("is a remote shard"));
    }
    CHECK_FALSE(fs::exists("tcp:"));
    CHECK_FALSE(fs::exists("TCP:"));
    options.db_path = (corpus().parent_path() / "new" / "deeper" / "db").string();
    CHECK(fts::run_indexer(options, diagnostics).added == 5);  // its folders are made
    // A --rebuild killed before its swap leaves .db.rebuild; the next run (holding the lock) removes it.
    const fs::path stale = corpus().parent_path() / "new" / "deeper" / ".db.rebuild";
    fs::create_directories(stale / "part0");
    CHECK(fts::run_indexer(options, diagnostics).unchanged == 5);
    CHECK_FALSE(fs::exists(stale));
}
