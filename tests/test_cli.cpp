#include <catch2/catch.hpp>

#include "fts/cli/hit_printer.hpp"
#include "fts/cli/options.hpp"
#include "fts/error.hpp"
#include "fts/util/json.hpp"

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

TEST_CASE("cli: searcher options parse into a request", "[cli]") {
    const fts::SearcherOptions options =
        parse_searcher("--db x -n 5 --offset 2 --passages --sort date --since 2017 --until 2019-06 --default-op and --json -- -china NOT");
    CHECK(options.db_path == "x");
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
        parse_searcher("--article-model bm25 --bb2-c 4 --article-weight 0.5 --k1 1.2 --b 0.75 q").to_request().ranking;
    CHECK(r.article_model == fts::ArticleModel::bm25);
    CHECK(r.bb2_c == 4.0);
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
                                   "--article-model tfidf q", "--bb2-c 0 q", "--feedback-weight -1 q",
                                   "--feedback-articles 0 q", "--feedback-terms 0 q"}) {
        CAPTURE(args);
        CHECK_THROWS_AS(parse_searcher(args), CLI::ParseError);
    }
    fts::SearcherOptions bad_date;
    bad_date.since = "last week";
    CHECK_THROWS_AS(bad_date.to_request(), fts::QueryError);
}

TEST_CASE("cli: indexer options", "[cli]") {
    CLI::App app;
    fts::IndexerOptions options;
    fts::add_indexer_options(app, options);
    app.parse("--db out a b");
    CHECK(options.db_path == "out");
    CHECK(options.paths == std::vector<std::string>{"a", "b"});
}

TEST_CASE("json: escaping and layout", "[cli]") {
    std::string s;
    fts::append_json_string(s, "a\"b\\c\nd\x01\u00e9");
    CHECK(s == "\"a\\\"b\\\\c\\nd\\u0001\u00e9\"");
    fts::JsonObject o;
    o.add("k", "v").add("n", 3LL).add_null("z").add_fixed("f", 1.23456, 2);
    CHECK(o.str() == R"({"k":"v","n":3,"z":null,"f":1.23})");
}

TEST_CASE("hits: text and JSON rendering", "[cli]") {
    fts::Hit hit;
    hit.rank = 1;
    hit.score = 2.5;
    hit.record.root = "/r";
    hit.record.article = "a.txt";
    hit.record.title = "T";
    hit.record.passage = 3;
    hit.record.text = "x Rajin y";
    hit.snippet.text = "x Rajin y";
    hit.snippet.highlights = {{2, 7}};
    CHECK(fts::render_snippet(hit.snippet, fts::kPlainMarkers) == "x [Rajin] y");
    CHECK(fts::format_hit_text(hit, false, false) == "1. T \u2014 undated\n   a.txt  passage 3  score 2.500\n   x [Rajin] y\n");
    CHECK(fts::format_hit_json(hit, false) ==
          R"({"rank":1,"score":2.5000,"article":"a.txt","path":"/r/a.txt","title":"T","author":null,"source":null,)"
          R"("date":null,"passage":3,"boilerplate":false,"text":"x Rajin y","snippet":"x Rajin y","highlights":[[2,7]]})");
}
