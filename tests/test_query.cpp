#include <catch2/catch.hpp>

#include "fts/analysis/analyzer.hpp"
#include "fts/error.hpp"
#include "fts/query/query_builder.hpp"
#include "fts/query/query_parser.hpp"
#include "fts/query/spelling.hpp"
#include "fts/index/index_writer.hpp"
#include "support/helpers.hpp"

namespace {

auto describe(const std::string& q) -> std::string { return fts::parse_query(q).root->describe(); }

auto xapian(const std::string& q, fts::DefaultOperator op = fts::DefaultOperator::any) -> std::string {
    static fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto parsed = fts::parse_query(q);
    fts::QueryBuilder builder(analyzer, nullptr, op);
    return builder.build(*parsed.root).query.get_description();
}

}  // namespace

TEST_CASE("parser: valid queries, table", "[query]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        Row{"sanction", "sanction"},
        Row{"Rajin-Hasan", "Rajin-Hasan"},
        Row{"\"six party talks\"", "\"six party talks\""},
        Row{"\u201Csix party\u201D", "\"six party\""},
        Row{"a b c", "(a b c)"},
        // Unicode spaces (pasted text) separate words as a space does.
        Row{"russia\u00A0korea", "(russia korea)"},
        Row{"russia\u3000korea\u202Fsanctions\u2009kim", "(russia korea sanctions kim)"},
        Row{"\"six\u00A0party\"", "\"six party\""},
        Row{"a OR b", "(a OR b)"},
        Row{"a OR b OR c", "(a OR b OR c)"},
        Row{"a AND b", "(a AND b)"},
        Row{"a b AND c", "(a (b AND c))"},
        Row{"a OR b c", "(a OR (b c))"},
        Row{"a NOT b", "(a NOT b)"},
        Row{"NOT b", "(-b)"},
        Row{"+a -b c", "(+a -b c)"},
        Row{"(a OR b) AND c", "((a OR b) AND c)"},
        Row{"a NEAR/3 b", "(a NEAR/3 b)"},
        Row{"a NEAR b NEAR c", "(a NEAR/10 b NEAR/10 c)"},
        Row{"title:russia author:ramani", "(title:russia author:ramani)"},
        Row{"title:\"unique value\"", "title:\"unique value\""},
        Row{"date:2017..2019", "date:2017-01-01..2019-12-31"},
        Row{"date:2017-02", "date:2017-02-01..2017-02-28"},
        Row{"date:..2019-06-30", "date:..2019-06-30"},
        Row{"date:2020..", "date:2020-01-01.."},
        Row{"-author:modi russia", "(-author:modi russia)"},
        Row{"unknown:field", "unknown:field"},
        Row{"title:(russia OR \"north korea\")", "(title:russia OR title:\"north korea\")"},
        Row{"author:(modi ramani) sanctions", "((author:modi author:ramani) sanctions)"},
        // Operators with nothing to apply to are words.
        Row{"NOT", "NOT"},
        Row{"AND", "AND"},
        Row{"russia AND", "(russia AND)"},
        Row{"OR russia", "(OR russia)"},
        Row{"-", "-"},
        Row{"a and b", "(a and b)"},
    }));
    CAPTURE(input);
    CHECK(describe(input) == expected);
}

TEST_CASE("parser: malformed queries get a reading and a warning", "[query]") {
    using Row = std::tuple<std::string, std::string, std::string>;
    auto [input, expected, warning] = GENERATE(table<std::string, std::string, std::string>({
        Row{"\"six party", "\"six party\"", "unclosed quote"},
        Row{"(a OR b", "(a OR b)", "unclosed '('"},
        Row{"a) b", "(a b)", "unmatched ')'"},
        Row{"((a", "a", "unclosed '('"},
        Row{"NOT", "NOT", "'NOT' has nothing after it"},
        Row{"AND korea", "(AND korea)", "'AND' has nothing before it"},
        Row{"korea OR", "(korea OR)", "'OR' has nothing after it"},
        Row{"title: korea", "korea", "'title:' has nothing after it"},
        Row{"date: 2021 korea", "(2021 korea)", "'date:' has nothing after it: ignored (write e.g. date:2021"},
        Row{"korea author:", "korea", "'author:' has nothing after it"},
    }));
    CAPTURE(input);
    const auto parsed = fts::parse_query(input);
    CHECK(parsed.root->describe() == expected);
    REQUIRE_FALSE(parsed.warnings.empty());
    CHECK(parsed.warnings[0].find(warning) == 0);
}

TEST_CASE("parser: queries with nothing to search are errors", "[query]") {
    for (const std::string q : {"", "   ", "()", "(", "title:", "author:  "}) {
        CAPTURE(q);
        CHECK_THROWS_AS(fts::parse_query(q), fts::QueryError);
    }
    CHECK_THROWS_WITH(fts::parse_query("title:"), Catch::Contains("has nothing to search for"));
    CHECK_THROWS_AS(fts::parse_query("date:someday"), fts::QueryError);
    CHECK_THROWS_AS(fts::parse_query("date:2019-13"), fts::QueryError);
    CHECK_THROWS_AS(fts::parse_query("date:2019-00"), fts::QueryError);
    CHECK_THROWS_AS(fts::parse_query("date:2019-11-00..2020"), fts::QueryError);
    CHECK_THROWS_AS(fts::parse_query("date:2017..2016"), fts::QueryError);
}

TEST_CASE("parser: NOT and '-' bind tighter than AND, wherever they stand", "[query]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        Row{"a AND -b", "(a NOT b)"},
        Row{"a AND NOT b", "(a NOT b)"},
        Row{"NOT b AND a", "(a NOT b)"},
        Row{"-b AND a", "(a NOT b)"},
        Row{"a AND -b AND -c", "((a NOT b) NOT c)"},
        Row{"a AND b AND -c", "((a AND b) NOT c)"},
        Row{"a NOT NOT b", "(a NOT b)"},
        Row{"+a AND b c", "((a AND b) c)"},
        Row{"-a AND -b", "(-a -b)"},
        Row{"x -(a OR b)", "(x -(a OR b))"},
    }));
    CAPTURE(input);
    CHECK(fts::parse_query(input).root->describe() == expected);
}

TEST_CASE("parser: bounds on NEAR and on the query's size", "[query]") {
    for (const std::string q : {"a NEAR/0 b", "a NEAR/101 b", "a NEAR/x b", "a NEAR/-1 b", "a NEAR/ b", "a NEAR/1000000000 b"}) {
        CAPTURE(q);
        CHECK_THROWS_WITH(fts::parse_query(q), Catch::Contains("from 1 to 100"));
    }
    CHECK(fts::parse_query("a NEAR/100 b").root->describe() == "(a NEAR/100 b)");
    CHECK(fts::parse_query("a NEAR/1 b").root->describe() == "(a NEAR/1 b)");
    std::string words;
    for (int i = 0; i < 200; ++i) words += "w ";
    CHECK_NOTHROW(fts::parse_query(words));
    CHECK_THROWS_WITH(fts::parse_query(words + "w"), Catch::Contains("201 words; the limit is 200"));
    CHECK_THROWS_WITH(fts::parse_query(std::string(4097, 'x')), Catch::Contains("4097 bytes long; the limit is 4096"));
    CHECK_NOTHROW(fts::parse_query(std::string(4096, 'x')));
}

TEST_CASE("builder: terms follow the index contract", "[query]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        Row{"sanction", "Query(Zsanction)"},
        Row{"2019", "Query(2019)"},
        Row{"\"sanctions\"", "Query(sanctions)"},
        // A dashed word: its parts as a phrase, or the compound; each part
        // alone only adds weight to what the rest of the query matched.
        Row{"Rajin-Hasan", "Query((((rajin PHRASE 2 hasan) SYNONYM Zrajinhasan) AND_MAYBE 0.5999999999999999778 * (Zrajin OR Zhasan)))"},
        Row{"Rajin\u2013Hasan", "Query((((rajin PHRASE 2 hasan) SYNONYM Zrajinhasan) AND_MAYBE 0.5999999999999999778 * (Zrajin OR Zhasan)))"},
        Row{"T-cells", "Query((((t PHRASE 2 cells) SYNONYM Ztcell) AND_MAYBE 0.5999999999999999778 * (Zt OR Zcell)))"},
        Row{"title:IL-6", "Query((((Sil PHRASE 2 S6) SYNONYM Sil6) AND_MAYBE 0.5999999999999999778 * (ZSil OR S6)))"},  // "il6" is a number to ICU: no stem
        Row{"2003-2007", "Query(((2003 PHRASE 2 2007) AND_MAYBE 0.5999999999999999778 * (2003 OR 2007)))"},
        Row{"and/or", "Query(((and PHRASE 2 or) AND_MAYBE 0.5999999999999999778 * (Zand OR Zor)))"},
        Row{"\"Jong-un\"", "Query((jong PHRASE 2 un))"},
        Row{"+Jong-un", "Query(((jong PHRASE 2 un) SYNONYM Zjongun))"},
        Row{"IL6", "Query(il6)"},
        // A sign before a digit is part of the number, not an operator.
        Row{"cells -2", "Query((Zcell OR 2))"},
        Row{"+1 nucleosomes", "Query((1 OR Znucleosom))"},
        Row{"\"six party talks\"", "Query((six PHRASE 3 party PHRASE 3 talks))"},
        Row{"\"$47.9 million\"", "Query((47.9 PHRASE 2 million))"},
        Row{"x y", "Query((Zx OR Zy))"},
        // Stop words drop out of bare words side by side, and nowhere else.
        Row{"the talks", "Query(Ztalk)"},
        Row{"\u041f\u0443\u0442\u0438\u043d \u0438 \u0432 \u041a\u0438\u043c", "Query((Z\u043f\u0443\u0442\u0438\u043d OR Z\u043a\u0438\u043c))"},  // Путин и в Ким
        Row{"\u043d\u0435 \u0441\u0430\u043d\u043a\u0446\u0438\u0438", "Query((Z\u043d\u0435 OR Z\u0441\u0430\u043d\u043a\u0446))"},  // не санкции: negation kept
        Row{"the", "Query(Zthe)"},
        Row{"the of", "Query((Zthe OR Zof))"},
        // Beside only excluded words and filters, they are what is searched for.
        Row{"the -korea", "Query((Zthe AND_NOT Zkorea))"},
        Row{"of the -title:korea", "Query(((Zof OR Zthe) AND_NOT ZSkorea))"},
        Row{"the author:Ramani", "Query((Zthe FILTER 0 * Aramani))"},
        Row{"the talks -korea", "Query((Ztalk AND_NOT Zkorea))"},
        Row{"\"the talks\"", "Query((the PHRASE 2 talks))"},
        Row{"+the talks", "Query((Zthe AND_MAYBE Ztalk))"},
        Row{"+russia sanction", "Query((Zrussia AND_MAYBE Zsanction))"},
        Row{"russia -china", "Query((Zrussia AND_NOT Zchina))"},
        Row{"title:russia", "Query(ZSrussia)"},
        Row{"author:Ramani", "Query(0 * Aramani)"},
        Row{"russia author:\"Samuel Ramani\"", "Query((Zrussia FILTER 0 * (Asamuel AND Aramani)))"},
        Row{"russia date:2017", "Query((Zrussia FILTER 0 * Y2017))"},
        Row{"russia date:2017-11..2018-01", "Query((Zrussia FILTER 0 * (M201711 OR M201712 OR M201801)))"},
        // Open, or too wide to list as terms: the date values.
        Row{"russia date:2017..", "Query((Zrussia FILTER VALUE_GE 1 20170101))"},
        Row{"russia date:2017-01-02..2017-12-30",
            "Query((Zrussia FILTER (VALUE_GE 1 20170102 AND VALUE_LE 2 20171230)))"},
        Row{"rail NEAR/2 korea", "Query((rail NEAR 4 korea))"},
        Row{"NOT china", "Query((0 * <alldocuments> AND_NOT Zchina))"},
        Row{"russia author:(modi OR ramani)", "Query((Zrussia FILTER (0 * Amodi OR 0 * Aramani)))"},
    }));
    CAPTURE(input);
    CHECK(xapian(input) == expected);
}

TEST_CASE("terms: a date range is the fewest year, month and day terms that cover it", "[query][terms]") {
    const auto [from, to, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"2017", "2017", "Y2017"},
        {"2016", "2018", "Y2016 Y2017 Y2018"},
        {"2017-02", "2017-02", "M201702"},
        {"2017-11", "2018-02", "M201711 M201712 M201801 M201802"},
        {"2017-03-30", "2017-05", "D20170330 D20170331 M201704 M201705"},
        {"2016-12-31", "2018-01-01", "D20161231 Y2017 D20180101"},
        {"2016-02-28", "2016-03-01", "D20160228 D20160229 D20160301"},  // a leap year
        {"2017-02-28", "2017-03-01", "D20170228 D20170301"},
        {"2017-12", "2018", "M201712 Y2018"},
        {"2017-06-15", "2017-06-15", "D20170615"},
    }));
    CAPTURE(from, to);
    const std::vector<std::string> got =
        fts::terms::date_range_terms(fts::parse_date_bound(from, false), fts::parse_date_bound(to, true), 64);
    std::string joined;
    for (const std::string& t : got) joined += (joined.empty() ? "" : " ") + t;
    CHECK(joined == expected);
    // More than `most` terms: none.
    CHECK(fts::terms::date_range_terms(fts::parse_date_bound("2017-01-02", false), fts::parse_date_bound("2017-12-30", true), 64).empty());
    CHECK(fts::terms::date_range_terms(fts::parse_date_bound("1000", false), fts::parse_date_bound("2999", true), 64).empty());
}

TEST_CASE("builder: default operator all", "[query]") {
    CHECK(xapian("x y", fts::DefaultOperator::all) == "Query((Zx AND Zy))");
    CHECK(xapian("talks of the war", fts::DefaultOperator::all) == "Query((Ztalk AND Zwar))");
}

TEST_CASE("builder: patterns are the positive body words", "[query]") {
    fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto parsed = fts::parse_query("sanction Rajin-Hasan -china title:russia author:x");
    fts::QueryBuilder builder(analyzer, nullptr, fts::DefaultOperator::any);
    const auto built = builder.build(*parsed.root);
    using K = fts::Pattern::Kind;
    REQUIRE(built.patterns.size() == 4);
    CHECK(built.patterns[0].kind == K::word);
    CHECK(built.patterns[0].term == "Zsanction");
    CHECK(built.patterns[0].loose);
    // A dashed word: its parts as a phrase, or the compound.
    const fts::Pattern& dashed = built.patterns[1];
    REQUIRE(dashed.kind == K::any);
    REQUIRE(dashed.children.size() == 2);
    CHECK(dashed.children[0].kind == K::phrase);
    REQUIRE(dashed.children[0].children.size() == 2);
    CHECK(dashed.children[0].children[0].term == "rajin");
    CHECK_FALSE(dashed.children[0].children[0].loose);
    CHECK(dashed.children[0].children[1].term == "hasan");
    CHECK(dashed.children[1].term == "Zrajinhasan");
    CHECK(dashed.children[1].loose);
    // Its parts weigh less, count only beside other matches, and are not highlighted.
    CHECK(built.patterns[2].term == "Zrajin");
    CHECK(built.patterns[2].scale < 1.0);
    CHECK(built.patterns[2].evidence);
    CHECK_FALSE(built.patterns[2].highlight);
    CHECK(built.patterns[3].term == "Zhasan");
    REQUIRE(built.parts.size() == 5);  // sanction, Rajin-Hasan, rajin, hasan, title:russia
    CHECK(built.parts[2].label == "rajin (part of Rajin-Hasan)");
    CHECK(built.parts[4].label == "title:russia");
}

TEST_CASE("builder: punctuation-only queries are errors", "[query]") {
    CHECK_THROWS_AS(xapian("\"\""), fts::QueryError);
    CHECK_THROWS_AS(xapian("--- ..."), fts::QueryError);
}

TEST_CASE("spelling: how far a correction may go", "[query][spelling]") {
    CHECK(fts::max_correction_distance(5) == 0);  // "baise" is not corrected to "base"
    CHECK(fts::max_correction_distance(6) == 1);
    CHECK(fts::max_correction_distance(9) == 1);
    CHECK(fts::max_correction_distance(10) == 2);
}

TEST_CASE("spelling: the nearest indexed word, table", "[query][spelling]") {
    fts::test::TempDir dir;
    Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
    const std::vector<std::pair<std::string, int>> words{
        {"sanctions", 1}, {"sanctioned", 1}, {"causes", 1}, {"cases", 5}, {"railway", 2},
        {"fluorescent", 1}, {"fluorescence", 3}, {"il6", 1}, {"Zsanction", 1}, {"Sanctions", 1}};
    for (const auto& [word, documents] : words) {
        for (int i = 0; i < documents; ++i) {
            Xapian::Document d;
            d.add_term(word);
            db.add_document(d);
            fts::SpellingChanges spelling;
            spelling.add(d);
            spelling.write(db);
        }
    }
    db.add_spelling("railways");  // in the table but in no article (a table out of step)
    db.commit();
    using Row = std::tuple<std::string, std::string>;
    auto [typed, expected] = GENERATE(table<std::string, std::string>({
        Row{"sanctoins", "sanctions"},
        Row{"casues", "cases"},               // one edit from both: the more frequent
        Row{"florescent", "fluorescent"},     // the fewest edits, not the most frequent
        Row{"rialway", "railway"},
        Row{"arilway", "railway"},            // the first two letters swapped
        Row{"bailway", "railway"},            // the first letter mistyped
        Row{"anctions", "sanctions"},         // the first letter dropped
        Row{"railwayz", "railway"},           // not "railways", which no article holds
        Row{"rail", ""},                      // too short
        Row{"il7", ""},                       // digits: never corrected
        Row{"zebrafish", ""},                 // nothing near
        Row{"sanctiosn", "sanctions"},
        Row{"snactoins", ""},                 // two edits: too many for nine letters
    }));
    CAPTURE(typed);
    CHECK(fts::nearest_indexed_word(db, typed).value_or("") == expected);
}
