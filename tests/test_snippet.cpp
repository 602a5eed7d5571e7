#include <catch2/catch.hpp>

#include "fts/analysis/analyzer.hpp"
#include "fts/analysis/tokenizer.hpp"
#include "fts/cli/hit_printer.hpp"
#include "fts/query/query_builder.hpp"
#include "fts/snippet/snippet.hpp"

namespace {

fts::Analyzer& analyzer() {
    static fts::Analyzer a = fts::make_default_analyzer();
    return a;
}

auto snippet_for(const std::string& text, const std::string& query, fts::SnippetOptions options = {}) -> fts::Snippet {
    const auto parsed = fts::parse_query(query);
    fts::QueryBuilder builder(analyzer(), nullptr, fts::DefaultOperator::any);
    const auto built = builder.build(*parsed.root);
    return fts::make_snippet(text, built.patterns, analyzer(), options);
}

auto marked(const std::string& text, const std::string& query, fts::SnippetOptions options = {}) -> std::string {
    return fts::render_snippet(snippet_for(text, query, options), fts::kPlainMarkers);
}

const std::string kLong =
    "Moscow signed a new deal. The weather was cold in the spring and the talks went on for weeks without result. "
    "Officials met again in May. Increasing the exposure of North Korean workers will staff the Rajin-Hasan railway, "
    "which links Russia to the peninsula. South Korea withdrew from the Rajin Hasan project in 2016. Observers "
    "were not surprised. Nobody expected anything else from the sides at that point in the long negotiations.";

}  // namespace

TEST_CASE("snippet: highlights, table", "[snippet]") {
    using Row = std::tuple<std::string, std::string, std::string>;
    auto [text, query, expected] = GENERATE(table<std::string, std::string, std::string>({
        Row{"Russia imposed sanctions.", "sanction", "Russia imposed [sanctions]."},
        Row{"The Rajin-Hasan line and Rajin Hasan.", "Rajin-Hasan", "The [Rajin-Hasan] line and [Rajin Hasan]."},
        Row{"the six party talks; six parties", "\"six party talks\"", "the [six party talks]; six parties"},
        Row{"party six talks", "\"six party\"", "party six talks"},
        Row{"결의 2397호의 이행", "2397호", "결의 [2397호]의 이행"},           // a phrase ending in one syllable
        Row{"비공식 6자회담이었다", "6자", "비공식 [6자]회담이었다"},
        Row{"북한의 핵개발", "핵", "북한의 [핵]개발"},
        Row{"Kim Jong Un met Putin.", "Kim Jong Un", "[Kim Jong Un] met Putin."},
        Row{"Путин ввёл санкции против", "санкциями", "Путин ввёл [санкции] против"},
        Row{"Trade hit $47.9 million in 2019.", "\"$47.9 million\"", "Trade hit $[47.9 million] in 2019."},
        Row{"Russia\u2019s role", "russia's", "[Russia\u2019s] role"},
        Row{"North Korea\u2019s leader", "\"north korea\"", "[North Korea\u2019s] leader"},  // the possessive marked with its word
        Row{"Nothing here.", "absent", "Nothing here."},
        Row{"line one\nline two", "two", "line one line [two]"},
        Row{"Ferries\n\nFerries  return", "ferries", "[Ferries] [Ferries] return"},
        Row{"Kim  Jong", "Kim Jong", "[Kim] [Jong]"},
        Row{"Kim Jong-un met", "KIM JONG UN", "[Kim Jong-un] met"},
        Row{"Kim, Jong", "Kim Jong", "[Kim], [Jong]"},
        // Any dash the tokenizer joins a word with joins highlights too (U+2212 minus, U+2012 figure dash).
        Row{"Kim Jong\u2212un met", "Kim Jong un", "[Kim Jong\u2212un] met"},
        Row{"Rajin\u2012Hasan", "Rajin Hasan", "[Rajin\u2012Hasan]"},
        Row{"Kim - Jong", "Kim Jong", "[Kim] - [Jong]"},
        // Compounds: a dashed word and its one-word spelling find each other.
        Row{"GATA-3 and GATA3 and GATA 3", "GATA3", "[GATA-3] and [GATA3] and GATA 3"},
        Row{"GATA-3 and GATA3 and GATA 3", "GATA-3", "[GATA-3] and [GATA3] and [GATA 3]"},
        Row{"the non-G-rich strand", "G-rich", "the non-[G-rich] strand"},
        Row{"in 3-4 weeks, 34 days", "34", "in 3-4 weeks, [34] days"},
    }));
    CAPTURE(text, query);
    CHECK(marked(text, query) == expected);
}

TEST_CASE("snippet: the window goes to the matches and stops at words", "[snippet]") {
    const fts::Snippet s = snippet_for(kLong, "Rajin-Hasan railway");
    CAPTURE(s.text);
    CHECK(s.text.size() <= 300 + 6);
    CHECK(s.text.find("Rajin-Hasan railway") != std::string::npos);
    CHECK(s.text.find("weather") == std::string::npos);
    REQUIRE(s.highlights.size() >= 2);
    for (const auto& [b, e] : s.highlights) {
        CHECK(b < e);
        CHECK(e <= s.text.size());
    }
    // Starts at a word or a sentence; "…" marks a cut sentence.
    const bool starts_clean = s.text.rfind("\u2026", 0) == 0 || std::isupper(static_cast<unsigned char>(s.text[0]));
    CHECK(starts_clean);
}

TEST_CASE("snippet: without a match, the passage opening", "[snippet]") {
    const fts::Snippet s = snippet_for(kLong, "absent");
    CHECK(s.text.rfind("Moscow signed", 0) == 0);
    CHECK(s.highlights.empty());
    CHECK(s.text.size() <= 300 + 3);
}

TEST_CASE("snippet: a small budget still cuts at word boundaries", "[snippet]") {
    fts::SnippetOptions small;
    small.target_chars = 40;
    small.max_chars = 60;
    const fts::Snippet s = snippet_for(kLong, "withdrew", small);
    CAPTURE(s.text);
    CHECK(s.text.find("withdrew") != std::string::npos);
    CHECK(s.text.size() <= 60 + 6);
    const std::string_view body = std::string_view(s.text);
    CHECK(body.back() != ' ');
}

TEST_CASE("snippet: a match in the passage's last words is shown", "[snippet]") {
    // Regression: the window that shows a match with text after it passed
    // over a match that ends the passage (only its full stop follows).
    const std::string text = kLong + " Trade between the two countries reached $47.9 million in 2019, a 40% increase.";
    for (const std::string query : {"\"$47.9 million\"", "\"40% increase\""}) {
        const fts::Snippet s = snippet_for(text, query);
        CAPTURE(query, s.text);
        REQUIRE(s.highlights.size() == 1);
        CHECK(s.text.find("40% increase.") != std::string::npos);
    }
}

TEST_CASE("snippet: text follows the match when the passage goes on", "[snippet]") {
    // The window does not end at its match when there is more to read.
    const fts::Snippet s = snippet_for(kLong, "railway");
    CAPTURE(s.text);
    REQUIRE(s.highlights.size() == 1);
    CHECK(s.text.size() - s.highlights[0].second >= 30);
}

TEST_CASE("snippet: a cut at a line break inside a hard-wrapped sentence gets its ellipsis", "[snippet]") {
    // A news wire's lines end mid-sentence; ICU ends a "sentence" at each line break.
    std::string wire;
    for (int i = 0; i < 12; ++i) wire += "Call money was quoted at two pct, one and two weeks at three pct and\n";
    wire += "four pct.";
    const fts::Snippet s = snippet_for(wire, "money");
    REQUIRE(s.text.size() < wire.size());
    CHECK(s.text.ends_with("\u2026"));
    // A real sentence end, or a paragraph break, needs none.
    CHECK_FALSE(snippet_for("Money arrived in May.\n\nThe second paragraph " + std::string(300, 'y') + " end.", "money")
                    .text.starts_with("\u2026"));
}

TEST_CASE("snippet: lengths are counted in characters, and Korean words are not cut", "[snippet]") {
    // 400 Korean syllables before the match: a window of 240 characters, not 80.
    std::string text;
    for (int i = 0; i < 100; ++i) text += "가나다 ";
    text += "박의춘 북한 외무상과 만났다. ";
    for (int i = 0; i < 100; ++i) text += "라마바 ";
    const fts::Snippet s = snippet_for(text, "외무상");
    REQUIRE(s.highlights.size() == 1);
    CHECK(s.text.substr(s.highlights[0].first, s.highlights[0].second - s.highlights[0].first) == "외무상");
    const std::string ellipsis = "\u2026";
    std::string body = s.text;
    if (body.starts_with(ellipsis)) body.erase(0, ellipsis.size());
    if (body.ends_with(ellipsis)) body.resize(body.size() - ellipsis.size());
    // Whole words at both ends.
    CHECK(text.find(" " + body + " ") != std::string::npos);
    const std::size_t chars = fts::Graphemes(body).count(0, body.size());
    CHECK(chars >= 200);
    CHECK(chars <= 300);
}
