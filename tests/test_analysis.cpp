#include <catch2/catch.hpp>

#include "fts/analysis/analyzer.hpp"
#include "fts/index/terms.hpp"
#include "support/helpers.hpp"

using fts::Token;

namespace {

auto texts(const std::vector<Token>& tokens) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const Token& t : tokens) out.push_back(t.text);
    return out;
}

auto analyze(const std::string& s) -> std::vector<Token> {
    static fts::Analyzer analyzer = fts::make_default_analyzer();
    return analyzer.analyze(s);
}

}  // namespace

TEST_CASE("analyzer: normalised words, table", "[analysis]") {
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"Rajin-Hasan railway", {"rajin", "hasan", "railway"}},
        Row{"Rajin\u2013Hasan", {"rajin", "hasan"}},          // en dash
        Row{"Rajin\u2014Hasan", {"rajin", "hasan"}},          // em dash
        Row{"Rajin\u2010Hasan", {"rajin", "hasan"}},          // hyphen
        Row{"Rajin\u2212Hasan", {"rajin", "hasan"}},          // minus sign
        Row{"and/or", {"and", "or"}},
        Row{"Russia\u2019s role", {"russia", "role"}},       // curly apostrophe, possessive dropped
        Row{"Russia's role", {"russia", "role"}},
        Row{"Kim Jong-un's sister", {"kim", "jong", "un", "sister"}},
        Row{"O'Neil's rock'n'roll", {"o'neil", "rock'n'roll"}},  // only the possessive goes
        Row{"leaders' 's", {"leaders", "s"}},
        Row{"28,500 troops", {"28500", "troops"}},         // grouping commas dropped
        Row{"1,000,000 or 1,000.5", {"1000000", "or", "1000.5"}},
        Row{"47,9 млн", {"47.9", "млн"}},                   // a decimal comma is a point
        Row{"1,2,3 and 1.000,5 and 12,3456", {"1,2,3", "and", "1.000,5", "and", "12.3456"}},
        Row{"$47.9 million", {"47.9", "million"}},
        Row{"from 2003-2007", {"from", "2003", "2007"}},
        Row{"COVID-19 vaccines", {"covid", "19", "vaccines"}},
        Row{"Kim Jong-un", {"kim", "jong", "un"}},
        Row{"\uFF2B\uFF29\uFF2D", {"kim"}},                   // fullwidth letters (NFKC)
        Row{"STRASSE Straße", {"strasse", "strasse"}},        // case folding
        Row{"_emphasis_", {"emphasis"}},
        Row{"Путин и Ким", {"путин", "и", "ким"}},
        Row{"Caf\u00e9 Tom\u00e1s na\u00efve", {"cafe", "tomas", "naive"}},  // Latin diacritics fold
        Row{"Cafe\u0301 \u00c5ngstr\u00f6m", {"cafe", "angstrom"}},       // decomposed too
        Row{"\u0435\u0449\u0451 \u0401\u043b\u043a\u0430", {"\u0435\u0449\u0435", "\u0435\u043b\u043a\u0430"}},  // ещё Ёлка: ё as е
        Row{"\u0439\u043e\u0434 \u0438\u0434", {"\u0439\u043e\u0434", "\u0438\u0434"}},  // йод ид: й is not и
        Row{"\u00f8l \u0142\u00f3d\u017a", {"\u00f8l", "\u0142odz"}},  // ø and ł have no decomposition: kept
        Row{"김정은 위원장", {"김정", "정은", "은", "위원", "원장", "장"}},  // Hangul: bigrams, then the tail
        Row{"... -- !!", {}},
    }));
    CAPTURE(input);
    CHECK(texts(analyze(input)) == expected);
}

TEST_CASE("analyzer: offsets point at the original bytes", "[analysis]") {
    const std::string source = "Russia\u2019s \u201CRajin\u2013Hasan\u201D line, $47.9 million";
    const auto tokens = analyze(source);
    REQUIRE(tokens.size() == 6);
    fts::test::check_token(tokens[0], source, "russia", "Russia\u2019s");
    fts::test::check_token(tokens[1], source, "rajin", "Rajin");
    fts::test::check_token(tokens[2], source, "hasan", "Hasan");
    fts::test::check_token(tokens[3], source, "line", "line");
    fts::test::check_token(tokens[4], source, "47.9", "47.9");
    fts::test::check_token(tokens[5], source, "million", "million");
}

TEST_CASE("analyzer: dashes give consecutive positions, like spaces", "[analysis]") {
    const auto dashed = analyze("the Rajin-Hasan railway");
    const auto spaced = analyze("the Rajin Hasan railway");
    REQUIRE(dashed.size() == spaced.size());
    for (std::size_t i = 0; i < dashed.size(); ++i) {
        CHECK(dashed[i].text == spaced[i].text);
        CHECK(dashed[i].position == spaced[i].position);
        CHECK(dashed[i].position == i);
    }
    CHECK(dashed[2].join == fts::Join::dash);
    CHECK(spaced[2].join == fts::Join::space);
}

TEST_CASE("analyzer: compounds of dash-joined words, table", "[analysis]") {
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"IL-6 levels", {"il6"}},
        Row{"Kim Jong\u2011un", {"jongun"}},
        Row{"non-G-rich DNA", {"nong", "nongrich", "grich"}},
        Row{"E2F1-3 and COVID-19", {"covid19"}},  // digits meet in "E2F1-3": no compound
        Row{"2003-2007", {}},
        Row{"and/or", {}},
        Row{"Rajin Hasan", {}},
        Row{"a-b-c-d-e", {"ab", "abc", "abcd", "bc", "bcd", "bcde", "cd", "cde", "de"}},
    }));
    CAPTURE(input);
    fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto words = analyzer.analyze(input);
    const auto joined = analyzer.compounds(words);
    CHECK(texts(joined) == expected);
    for (const auto& c : joined) {
        CHECK(c.words >= 2);
        CHECK(c.position < words.size());
        CHECK(c.begin == words[c.position].begin);  // spans its words in the source
        CHECK(c.end == words[c.position + c.words - 1].end);
    }
}

TEST_CASE("analyzer: a compound is stemmed as one word", "[analysis]") {
    fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto joined = analyzer.compounds(analyzer.analyze("T-cells"));
    REQUIRE(joined.size() == 1);
    CHECK(joined[0].text == "tcells");
    CHECK(joined[0].stem == "tcell");
}

TEST_CASE("analyzer: stems by script, never numbers", "[analysis]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, stem] = GENERATE(table<std::string, std::string>({
        Row{"sanctions", "sanction"},
        Row{"Russia\u2019s", "russia"},
        Row{"railways", "railway"},
        Row{"2003", ""},
        Row{"47.9", ""},
        Row{"санкциями", "санкц"},
        Row{"핵", ""},
    }));
    const auto tokens = analyze(input);
    REQUIRE(tokens.size() == 1);
    CAPTURE(input);
    CHECK(tokens[0].stem == stem);
}

TEST_CASE("analyzer: a figure written on to its unit is a token of its own too", "[analysis]") {
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [input, extra] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"$1.2bn", {"1.2"}},            // not the address parts "2bn"
        Row{"47.9m", {"47.9"}},
        Row{"US$1,200m", {"us", "1200"}},  // grouped: as the number alone is written
        Row{"the 1990s", {"1990"}},
        Row{"10km", {"10"}},
        Row{"3m.com", {"3m", "com"}},      // an address: its parts
        Row{"1.2 billion", {}},
        Row{"G20", {}},
    }));
    CAPTURE(input);
    static fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto all = analyzer.analyze_for_index(input);
    const std::size_t words = fts::word_count(all);
    std::vector<std::string> got;
    for (std::size_t i = words; i < all.size(); ++i) got.push_back(all[i].text);
    if (input == "US$1,200m") got.insert(got.begin(), all[0].text);
    CHECK(got == extra);
}

TEST_CASE("analyzer: every form of a Russian noun in -ан or -ян has one stem", "[analysis]") {
    using Row = std::tuple<std::string, std::string>;
    auto [forms, stem] = GENERATE(table<std::string, std::string>({
        Row{"Пхеньян Пхеньяна Пхеньяну Пхеньяне Пхеньяном", "пхеньян"},
        Row{"Иран Ирана Ираны Иране Ираном", "иран"},
        Row{"Казахстан Казахстана Казахстане", "казахстан"},
        Row{"океан океана океаны океане океанов", "океан"},
        Row{"Пашинян Пашиняна Пашиняну", "пашинян"},
        Row{"страна страны стране стран", "стран"},   // Snowball's stem already
        Row{"план плана плане планы", "план"},
        Row{"подписан подписана подписано подписаны", "подписан"},
    }));
    CAPTURE(forms);
    for (const Token& t : analyze(forms)) {
        CAPTURE(t.text);
        CHECK(t.stem == stem);
    }
}

TEST_CASE("analyzer: Hangul as overlapping bigrams, both orthographies alike", "[analysis]") {
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"외무상과", {"외무", "무상", "상과", "과"}},        // a noun and its particle
        Row{"핵", {"핵"}},                                      // one syllable stays one token
        Row{"로동 력사 리유 녀성", {"노동", "동", "역사", "사", "이유", "유", "여성", "성"}},  // initial-sound rule
        Row{"노동 역사 이유 여성", {"노동", "동", "역사", "사", "이유", "유", "여성", "성"}},
        Row{"경력 남녀 장관이 관리", {"경력", "력", "남녀", "녀", "장관", "관이", "이", "관리", "리"}},  // at a phrase's start only
        Row{"White로 1년", {"white", "노", "1", "연"}},          // other letters and digits apart
        Row{"에너지省", {"에너", "너지", "지", "省"}},
    }));
    CAPTURE(input);
    CHECK(texts(analyze(input)) == expected);
}

TEST_CASE("analyzer: Hangul runs: tails, offsets, and the bigram across a space", "[analysis]") {
    const std::string source = "법 집행과";
    fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto tokens = analyzer.analyze_for_index(source);
    // 법 (one syllable), 집행 행과 과 (tail), and 법집 across the space at 법's position.
    REQUIRE(tokens.size() == 5);
    CHECK(fts::word_count(tokens) == 4);
    CHECK_FALSE(tokens[0].tail);
    CHECK(tokens[3].tail);
    fts::test::check_token(tokens[1], source, "집행", "집행");
    fts::test::check_token(tokens[3], source, "과", "과");
    CHECK(tokens[4].text == "법집");
    CHECK(tokens[4].position == tokens[0].position);
    CHECK(source.substr(tokens[4].begin, tokens[4].end - tokens[4].begin) == "법 집");
    // Written as one, the same bigrams at the same positions.
    const auto joined = analyzer.analyze_for_index("법집행과");
    REQUIRE(joined.size() == 4);
    CHECK(joined[0].text == "법집");
    CHECK(joined[1].text == "집행");
    CHECK(joined[1].position == tokens[1].position);
    // A paragraph break between runs joins nothing.
    CHECK(analyzer.analyze_for_index("법\n\n집행").size() == 3);
    // The bigram across a space is its own term: "한 국방부" does not hold the word 한국.
    CHECK(fts::terms::exact("", tokens[4]) == "_법집");
    CHECK(fts::terms::exact("", tokens[1]) == "집행");
}

TEST_CASE("analyzer: a Hangul run written on to digits or Hanja keeps its first syllable too", "[analysis]") {
    fts::Analyzer analyzer = fts::make_default_analyzer();
    const std::string source = "2397호의";
    const auto tokens = analyzer.analyze_for_index(source);
    // 2397, 호의, 의 (tail), and 호 at 호의's position.
    REQUIRE(tokens.size() == 4);
    CHECK(fts::word_count(tokens) == 3);
    CHECK(tokens[3].text == "호");
    CHECK(tokens[3].position == tokens[1].position);
    CHECK(source.substr(tokens[3].begin, tokens[3].end - tokens[3].begin) == "호");
    // Decomposed Hangul (NFD) keeps offsets inside its token, never an empty range.
    const std::string nfd = "\u1100\u1161\u11A8\u1100\u1161";  // 각가
    for (const fts::Token& t : analyzer.analyze_for_index(nfd)) {
        CHECK(t.begin < t.end);
        CHECK(t.end <= nfd.size());
    }
}

TEST_CASE("analyzer: a word written with dots or @ is indexed whole and by its parts", "[analysis]") {
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"Amazon.com", {"amazon.com", "amazon", "com"}},
        Row{"bbc.co.uk", {"bbc.co.uk", "bbc", "co", "uk"}},
        Row{"mail@example.org", {"mail@example.org", "mail", "example", "org"}},
        Row{"U.S.", {"u.s"}},        // parts of one letter are not words
        Row{"47.9", {"47.9"}},       // a number is not an address
    }));
    fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto tokens = analyzer.analyze_for_index(input);
    CAPTURE(input);
    CHECK(texts(tokens) == expected);
    for (const auto& t : tokens) CHECK(t.position == 0);
}

TEST_CASE("analyzer: an address part spans its own characters of the text, or the whole word", "[analysis]") {
    // Each part's range in the source, as text; the whole word's where its
    // normalised form does not keep the separators' byte places.
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"Amazon.com", {"Amazon", "com"}},
        Row{"Mail@Example.ORG", {"Mail", "Example", "ORG"}},
        // ʹ folds to ' (one byte less), סּ decomposes to two marks (one more): the same 7 bytes.
        Row{"3\u02B9.\uFB41", {"3\u02B9.\uFB41", "3\u02B9.\uFB41"}},
        Row{"Ελλάδα.gr", {"Ελλάδα", "gr"}},           // ά folds to α, of the same two bytes
        Row{"\uFB01nance.com", {"\uFB01nance.com", "\uFB01nance.com"}},  // the ligature ﬁ folds to fi, one byte less
    }));
    fts::Analyzer analyzer = fts::make_default_analyzer();
    const auto tokens = analyzer.analyze_for_index(input);
    CAPTURE(input);
    std::vector<std::string> parts;
    for (std::size_t i = fts::word_count(tokens); i < tokens.size(); ++i) {
        parts.push_back(input.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
    }
    CHECK(parts == expected);
}

TEST_CASE("terms: exact, stemmed and loose spellings", "[analysis][terms]") {
    const auto tokens = analyze("Sanctions 2019");
    REQUIRE(tokens.size() == 2);
    CHECK(fts::terms::exact("", tokens[0]) == "sanctions");
    CHECK(fts::terms::stemmed("", tokens[0]) == "Zsanction");
    CHECK(fts::terms::loose("S", tokens[0]) == "ZSsanction");
    CHECK(fts::terms::loose("", tokens[1]) == "2019");  // a number has no stem: same term at index and query time
    CHECK(fts::terms::stemmed("", tokens[1]).empty());
}

TEST_CASE("sentences: ICU boundaries with trimmed spans", "[analysis]") {
    const std::string text = "First one. Second one?  Third \u201Cquoted.\u201D\nLast";
    const auto spans = fts::split_sentences(text);
    REQUIRE(spans.size() == 4);
    CHECK(text.substr(spans[0].begin, spans[0].end - spans[0].begin) == "First one.");
    CHECK(text.substr(spans[1].begin, spans[1].end - spans[1].begin) == "Second one?");
    CHECK(text.substr(spans[3].begin, spans[3].end - spans[3].begin) == "Last");
}

TEST_CASE("sentences: Russian, Korean and Chinese text splits at its sentences too", "[analysis]") {
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [text, expected] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"Путин прибыл во Владивосток. Он встретился с Ким Чен Ыном! Что дальше? «Посмотрим», — сказал он.",
            {"Путин прибыл во Владивосток.", "Он встретился с Ким Чен Ыном!", "Что дальше?", "«Посмотрим», — сказал он."}},
        Row{"북한이 미사일을 발사했다. 정부는 우려를 표명했다.", {"북한이 미사일을 발사했다.", "정부는 우려를 표명했다."}},
        Row{"朝鲜半岛无核化谈判陷入僵局。美国和朝鲜领导人曾三次会晤。", {"朝鲜半岛无核化谈判陷入僵局。", "美国和朝鲜领导人曾三次会晤。"}},
    }));
    std::vector<std::string> got;
    for (const auto& s : fts::split_sentences(text)) got.push_back(text.substr(s.begin, s.end - s.begin));
    CAPTURE(text);
    CHECK(got == expected);
}

TEST_CASE("analyzer: Chinese and Japanese get ICU's dictionary words, found inside longer runs", "[analysis]") {
    using Row = std::tuple<std::string, std::vector<std::string>>;
    auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
        Row{"北朝鮮の核開発", {"北朝鮮", "の", "核", "開発"}},
        Row{"朝鲜半岛无核化", {"朝鲜", "半岛", "无", "核化"}},
    }));
    CAPTURE(input);
    CHECK(texts(analyze(input)) == expected);
}
