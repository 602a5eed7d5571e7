#include <cmath>

#include <catch2/catch.hpp>

#include "fts/cli/hit_printer.hpp"
#include "fts/cli/options.hpp"
#include "fts/error.hpp"
#include "fts/util/json.hpp"
#include "fts/util/utf8.hpp"
#include "support/helpers.hpp"

namespace {

// The searcher's options after parsing `args` as a command line (throws CLI::ParseError).
auto parse_searcher(const std::string& args) -> fts::SearcherOptions {
    CLI::App app;
    fts::SearcherOptions options;
    fts::add_searcher_options(app, options);
    app.parse(args);
    return options;
}

}  // namespace

TEST_CASE("cli: --db repeated names databases searched as one; the query stays the query", "[cli]") {
    CHECK(parse_searcher("korea").db_paths == std::vector<std::string>{"xapian-db"});
    const fts::SearcherOptions two = parse_searcher("--db a --db b korea sanctions");
    CHECK(two.db_paths == std::vector<std::string>{"a", "b"});
    CHECK(two.words == std::vector<std::string>{"korea", "sanctions"});
}

TEST_CASE("cli: searcher options parse into a request", "[cli]") {
    const fts::SearcherOptions options =
        parse_searcher("--db x -n 5 --offset 2 --passages --sort date --since 2017 --until 2019-06 --default-op and --json -- -china NOT");
    CHECK(options.db_paths == std::vector<std::string>{"x"});
    const fts::SearchRequest r = options.to_request();
    CHECK(r.query == "-china NOT");
    CHECK(r.limit == 5);
    CHECK(r.offset == 2);
    CHECK(r.all_passages);
    CHECK(r.sort == fts::SortOrder::date);
    CHECK(r.since->iso() == "2017-01-01");
    CHECK(r.until->iso() == "2019-06-30");
    CHECK(r.default_op == fts::DefaultOperator::all);
}

TEST_CASE("cli: ranking options", "[cli]") {
    const fts::RankingOptions r =
        parse_searcher("--article-model bm25 --ineb2-c 4 --article-weight 0.5 --k1 1.2 --b 0.75 q").to_request().ranking;
    CHECK(r.article_model == fts::ArticleModel::bm25);
    CHECK(r.ineb2_c == 4.0);
    CHECK(r.article_weight == 0.5);
    CHECK(r.k1 == 1.2);
    CHECK(r.b == 0.75);
    const fts::FeedbackOptions f =
        parse_searcher("--feedback-weight 0.5 --feedback-after 20 --feedback-articles 5 --feedback-terms 40 q")
            .to_request()
            .ranking.feedback;
    CHECK(f.weight == 0.5);
    CHECK(f.after == 20);
    CHECK(f.articles == 5);
    CHECK(f.terms == 40);
    CHECK(parse_searcher("--feedback-weight 0 q").to_request().ranking.feedback.weight == 0.0);
}

TEST_CASE("cli: bad option values are rejected", "[cli]") {
    for (const std::string args : {"--sort size q", "--color sometimes q", "-n 0 q", "--default-op xor q",
                                   "--article-model tfidf q", "--ineb2-c 0 q", "--feedback-weight -1 q",
                                   "--feedback-articles 0 q", "--feedback-terms 0 q", "--offset -1 q",
                                   "--feedback-after -1 q", "--k1 nan q", "--k1 inf q", "--b 2 q", "--b -nan q",
                                   "-n abc q", "-n 1e3 q", "--article-weight 1e400 q", "--offset 99999999999 q"}) {
        CAPTURE(args);
        CHECK_THROWS_AS(parse_searcher(args), CLI::ParseError);
    }
    fts::SearcherOptions bad_date;
    bad_date.since = "last week";
    CHECK_THROWS_AS(bad_date.to_request(), fts::QueryError);
    fts::SearcherOptions reversed;
    reversed.since = "2021";
    reversed.until = "2017";
    CHECK_THROWS_WITH(reversed.to_request(), Catch::Contains("--since 2021 is after --until 2017"));
    reversed.until = "2021-01";  // the same month as the start: a range
    CHECK_NOTHROW(reversed.to_request());
}

TEST_CASE("cli: option messages say what is wrong in the project's words", "[cli]") {
    auto message = [](const std::string& args) -> std::string {
        try {
            (void)parse_searcher(args);
        } catch (const CLI::ParseError& e) {
            return e.what();
        }
        return {};
    };
    CHECK(message("--color sometimes q") == "--color: 'sometimes' is not one of auto, always, never");
    CHECK(message("--offset -1 q") == "--offset: -1 is out of range: give a whole number from 0 to 10000000");
    CHECK(message("--k1 nan q") == "--k1: 'nan' is not a number");
    CHECK(parse_searcher("--color never --article-model bm25 q").color == fts::ColorMode::never);
    CHECK(parse_searcher("-n 2 -n 7 q").limit == 7);  // given twice: the last wins
    CHECK(message("--k1 0x10 q") == "--k1: '0x10' is not a number");
    CHECK(message("--offset 99999999999999999999 q") ==
          "--offset: 99999999999999999999 is out of range: give a whole number from 0 to 10000000");
}

TEST_CASE("cli: colour follows the mode, the terminal and NO_COLOR", "[cli]") {
    using fts::ColorMode;
    CHECK(fts::color_enabled(ColorMode::auto_detect, true, nullptr));
    CHECK(fts::color_enabled(ColorMode::auto_detect, true, ""));
    CHECK_FALSE(fts::color_enabled(ColorMode::auto_detect, true, "1"));
    CHECK_FALSE(fts::color_enabled(ColorMode::auto_detect, false, nullptr));
    CHECK(fts::color_enabled(ColorMode::always, false, "1"));
    CHECK_FALSE(fts::color_enabled(ColorMode::never, true, nullptr));
}

TEST_CASE("cli: indexer options", "[cli]") {
    CLI::App app;
    fts::IndexerOptions options;
    fts::add_indexer_options(app, options);
    app.parse("--db out a b");
    CHECK(options.db_path == "out");
    CHECK(options.paths == std::vector<std::string>{"a", "b"});
}

TEST_CASE("cli: --variants takes one file a time, and may be repeated", "[cli]") {
    fts::test::TempDir dir;
    dir.write("v1.txt", "a b\n");
    dir.write("v2.txt", "c d\n");
    const std::string v1 = (dir.path() / "v1.txt").string(), v2 = (dir.path() / "v2.txt").string();
    CLI::App app;
    fts::IndexerOptions options;
    fts::add_indexer_options(app, options);
    app.parse("--db out --variants " + v1 + " corpus --variants " + v2 + " more");
    CHECK(options.variant_files == std::vector<std::string>{v1, v2});
    CHECK(options.paths == std::vector<std::string>{"corpus", "more"});
}

TEST_CASE("json: escaping and layout", "[cli]") {
    std::string s;
    fts::append_json_string(s, "a\"b\\c\nd\x01\u00e9");
    CHECK(s == "\"a\\\"b\\\\c\\nd\\u0001\u00e9\"");
    std::string bad;
    fts::append_json_string(bad, "caf\xe9 \xff\xfe x\x7f");  // Latin-1 and stray bytes: still UTF-8 JSON
    CHECK(bad == "\"caf\\ufffd \\ufffd\\ufffd x\\u007f\"");
    fts::JsonObject nan;
    nan.add_fixed("a", std::nan(""), 2).add_fixed("b", 1.0 / 0.0, 2);
    CHECK(nan.str() == R"({"a":null,"b":null})");
    fts::JsonObject o;
    o.add("k", "v").add("n", 3LL).add_null("z").add_fixed("f", 1.23456, 2);
    CHECK(o.str() == R"({"k":"v","n":3,"z":null,"f":1.23})");
}

TEST_CASE("terminal text: control characters and non-UTF-8 bytes made visible", "[cli]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        Row{"plain \u00e9 \uc678\ubb34\uc0c1", "plain \u00e9 \uc678\ubb34\uc0c1"},
        Row{"title\x1b]0;owned\x07", "title\\x1b]0;owned\\x07"},
        Row{"two\nlines\tand tab", "two lines and tab"},
        Row{"caf\xe9.txt", "caf\\xe9.txt"},
        Row{"c1 \u0085 del \x7f", "c1 \\u0085 del \\x7f"},
        Row{"txt.\u202Eexe \u2066x\u2069 \u2014", "txt.\\u202eexe \\u2066x\\u2069 \u2014"},
    }));
    CAPTURE(input);
    CHECK(fts::terminal_text(input) == expected);
}

TEST_CASE("hits: text and JSON rendering", "[cli]") {
    fts::Hit hit;
    hit.rank = 1;
    hit.score = 2.5;
    hit.id = "00000000000000a1";
    hit.record.root = "/r";
    hit.record.article = "a.txt";
    hit.record.title = "T";
    hit.record.passage = 3;
    hit.record.text = "x Rajin y";
    hit.snippet.text = "x Rajin y";
    hit.snippet.highlights = {{2, 7}};
    CHECK(fts::render_snippet(hit.snippet, fts::kPlainMarkers) == "x [Rajin] y");
    CHECK(fts::format_hit_text(hit, false, false) == "1. T \u2014 undated\n   a.txt  passage 3  score 2.500\n   x [Rajin] y\n");
    fts::SearchResults results;
    CHECK(fts::format_hit_json(hit, results, false) ==
          R"({"rank":1,"score":2.5000,"id":"00000000000000a1","article":"a.txt","path":"/r/a.txt","title":"T","title_highlights":[],"author":null,"source":null,)"
          R"("date":null,"passage":3,"boilerplate":false,"text":"x Rajin y","snippet":"x Rajin y","highlights":[[2,7]],)"
          R"("suggestion":null,"searched_for":null})");
    results.suggestion = "rajin railway";
    results.corrected_query = "rajin";
    CHECK_THAT(fts::format_hit_json(hit, results, false),
               Catch::EndsWith(R"("suggestion":"rajin railway","searched_for":"rajin"})"));

    // The query's words in the title are marked too, in bold when coloured.
    hit.record.title = "Rajin port";
    hit.title_highlights = {{0, 5}};
    CHECK_THAT(fts::format_hit_text(hit, false, false), Catch::StartsWith("1. [Rajin] port \u2014 undated\n"));
    CHECK_THAT(fts::format_hit_text(hit, true, false),
               Catch::StartsWith("1. \x1b[1m\x1b[1;31mRajin\x1b[0m\x1b[1m port\x1b[0m \u2014 undated\n"));
    CHECK_THAT(fts::format_hit_json(hit, results, false), Catch::Contains(R"("title":"Rajin port","title_highlights":[[0,5]],)"));
}

TEST_CASE("hits: text output cannot drive the terminal", "[cli]") {
    fts::Hit hit;
    hit.rank = 1;
    hit.record.root = "/r";
    hit.record.article = "evil\x1b[2J.txt";
    hit.record.title = "T\x1b[31m";
    hit.record.author = "A\nB";
    hit.snippet.text = "x \x1b[8mRajin y";
    hit.snippet.highlights = {{6, 11}};
    const std::string text = fts::format_hit_text(hit, false, false);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text == "1. T\\x1b[31m \u2014 undated \u2014 A B\n   evil\\x1b[2J.txt  passage 0  score 0.000\n   x \\x1b[8m[Rajin] y\n");
}
