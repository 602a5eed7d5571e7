#include <sys/stat.h>

#include <filesystem>

#include <catch2/catch.hpp>

#include "fts/document/corpus_reader.hpp"
#include "fts/document/metadata.hpp"
#include "fts/document/passage_splitter.hpp"
#include "fts/document/text_extract.hpp"
#include "fts/error.hpp"
#include "support/helpers.hpp"

namespace fs = std::filesystem;

using fts::Date;

TEST_CASE("dates: accepted and rejected forms", "[document][metadata]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, iso] = GENERATE(table<std::string, std::string>({
        Row{"2021-11-30", "2021-11-30"},
        Row{"2021/11/30", "2021-11-30"},
        Row{"2021-11-30T10:00:00Z", "2021-11-30"},
        Row{"2017-02", "2017-02"},
        Row{"2017", "2017"},
        Row{"November 30, 2021", "2021-11-30"},
        Row{"Nov. 30, 2021", "2021-11-30"},
        Row{"30 November 2021", "2021-11-30"},
        Row{"February 2017", "2017-02"},
        Row{"Tuesday, 30 November 2021", "2021-11-30"},
        Row{"12 \u043c\u0430\u0440\u0442\u0430 2021 \u0433\u043e\u0434\u0430", "2021-03-12"},  // 12 марта 2021 года
        Row{"1 \u0434\u0435\u043a\u0430\u0431\u0440\u044f 2026", "2026-12-01"},                  // 1 декабря 2026
        Row{"5 \u043c\u0430\u044f 2020 \u0433.", "2020-05-05"},                                     // 5 мая 2020 г.
        Row{"31 \u0438\u044e\u043d\u044f 2021", ""},                                                  // 31 июня: no such day
        Row{"2021-02-30", ""},   // no such day
        Row{"2021-13-01", ""},
        Row{"2021-00", ""},      // a month or day of 0 is none
        Row{"2021-11-00", ""},
        Row{"2021-00-05", ""},
        Row{"yesterday", ""},
        Row{"", ""},
    }));
    CAPTURE(input);
    const auto d = fts::parse_date(input);
    CHECK((d ? d->iso() : std::string()) == iso);
}

TEST_CASE("dates: sortable form orders chronologically", "[document][metadata]") {
    CHECK(Date{2017, 2, 3}.sortable() == "20170203");
    CHECK(Date{2017, 2, 0}.sortable() == "20170200");
    CHECK(Date{2017, 2, 3}.sortable() < Date{2017, 10, 1}.sortable());
}

TEST_CASE("front matter: fields, comments, quotes, unclosed block", "[document][metadata]") {
    const std::string text = "---\ntitle: \"A: Title\"\n# a comment\nAuthor: Jane Doe\ndate: 2020-05-06\nsource: Example News\nextra: x\n---\nBody.";
    const auto fm = fts::parse_front_matter(text);
    CHECK(fm.meta.title == "A: Title");
    CHECK(fm.meta.author == "Jane Doe");
    CHECK(fm.meta.source == "Example News");
    REQUIRE(fm.meta.date);
    CHECK(fm.meta.date->iso() == "2020-05-06");
    CHECK(text.substr(fm.body_offset) == "Body.");

    const auto unclosed = fts::parse_front_matter("---\ntitle: x\nno end");
    CHECK(unclosed.body_offset == 0);
    CHECK(unclosed.meta.title.empty());

    const auto bad_date = fts::parse_front_matter("---\ndate: someday\n---\nx");
    CHECK_FALSE(bad_date.meta.date);
    CHECK_FALSE(bad_date.problem.empty());
}

TEST_CASE("derived metadata: title, first date, by-line; nothing invented", "[document][metadata]") {
    SECTION("heading, dateline and By-line") {
        fts::ArticleMetadata meta;
        fts::derive_metadata("\n# Sanctions Tighten\nBy Jane Q. Doe, Reuters\nSEOUL, March 3, 2019 - Text. Later: April 5, 2020.", meta);
        CHECK(meta.title == "Sanctions Tighten");
        CHECK(meta.author == "Jane Q. Doe");
        REQUIRE(meta.date);
        CHECK(meta.date->iso() == "2019-03-03");
    }
    SECTION("an Author label followed by the name") {
        fts::ArticleMetadata meta;
        fts::derive_metadata("Title line\n\nNovember 30, 2021\n\nAuthor\n\nChaarvi Modi\nMore text", meta);
        CHECK(meta.author == "Chaarvi Modi");
        CHECK(meta.date->iso() == "2021-11-30");
    }
    SECTION("Russian: an Автор by-line and a date with a Russian month") {
        fts::ArticleMetadata meta;
        fts::derive_metadata("\u0421\u0430\u043d\u043a\u0446\u0438\u0438\n\u0410\u0432\u0442\u043e\u0440: "
                             "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432\n"
                             "\u041c\u043e\u0441\u043a\u0432\u0430, 12 \u043c\u0430\u0440\u0442\u0430 2021 "
                             "\u0433\u043e\u0434\u0430. \u0422\u0435\u043a\u0441\u0442.",
                             meta);  // Санкции / Автор: Иван Петров / Москва, 12 марта 2021 года. Текст.
        CHECK(meta.author == "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432");
        REQUIRE(meta.date);
        CHECK(meta.date->iso() == "2021-03-12");
        const auto fm = fts::parse_front_matter("---\n\u0410\u0432\u0442\u043e\u0440: X Y\n\u0414\u0430\u0442\u0430: 2020-01-02\n---\nBody");
        CHECK(fm.meta.author == "X Y");
        CHECK(fm.meta.date->iso() == "2020-01-02");
    }
    SECTION("a date inside a sentence is not the article's") {
        using Row = std::tuple<std::string, std::string>;
        auto [text, expected] = GENERATE(table<std::string, std::string>({
            Row{"Tate\n\nFive million came.\n\nVisitors through the doors had boosted figures to pre-11 September 2001 levels.", ""},
            Row{"Bonds\n\nA sale. The company sold debentures due April 1, 1999, it said.", ""},
            Row{"Xbox\n\nCables recalled.\nThe fault hit Xboxes made before 23 October 2003 and later.", ""},
            Row{"On February 3, 2017, the leader sent cards to the world's leaders.\n\nMore.", "2017-02-03"},
            Row{"Cards\n\nOn February 3, 2017, the leader sent cards.", "2017-02-03"},
            Row{"Talks\n\nSEOUL, March 3, 2019 - Text.", "2019-03-03"},
            Row{"Talks\n\nLONDON (Reuters) - 3 March 2019 - Text.", "2019-03-03"},
            Row{"Talks\n\nPublished: 2019-03-03\nText.", "2019-03-03"},
            Row{"Talks\n\nTuesday 30 November 2021\nText.", "2021-11-30"},
            Row{"Talks\n\nIt rained. Then on 3 March 2019 the talks began.\n\nMarch 4, 2019\n", "2019-03-04"},
            // A date the first sentence tells of, not the article's.
            Row{"Edwards\n\nThe guitarist vanished 10 years ago, on 1 February 1995, police said.", ""},
            Row{"Monet\n\nClaude Monet was born on 14 November 1840 in Paris.", ""},
            // A date at the start of a line far into the text.
            Row{"Film\n\nOne.\nTwo.\nThree.\nFour.\nFive.\n18 марта 2014 года вышел фильм.", ""},
        }));
        CAPTURE(text);
        fts::ArticleMetadata meta;
        fts::derive_metadata(text, meta);
        CHECK((meta.date ? meta.date->iso() : std::string()) == expected);
    }
    SECTION("no by-line, no date") {
        fts::ArticleMetadata meta;
        fts::derive_metadata("Just a title\nand some text by the river.", meta);
        CHECK(meta.title == "Just a title");
        CHECK(meta.author.empty());
        CHECK_FALSE(meta.date);
    }
    SECTION("a paragraph as first line is cut at a space, counted in characters") {
        fts::ArticleMetadata meta;
        fts::derive_metadata(std::string(160, 'x') + " tail", meta);
        CHECK(meta.title == std::string(120, 'x') + "\u2026");
        auto repeat = [](const std::string& c, int n) {
            std::string out;
            for (int i = 0; i < n; ++i) out += c;
            return out;
        };
        fts::ArticleMetadata cyrillic;
        fts::derive_metadata(repeat("\u0436", 200), cyrillic);  // 400 bytes, no space
        CHECK(cyrillic.title == repeat("\u0436", 120) + "\u2026");
        fts::ArticleMetadata korean;  // 150 syllables (450 bytes): a heading, kept whole
        fts::derive_metadata(repeat("\ud55c", 150) + "\nbody", korean);
        CHECK(korean.title == repeat("\ud55c", 150));
        fts::ArticleMetadata accents;  // e + combining acute is one character
        fts::derive_metadata(repeat("e\u0301", 170), accents);
        CHECK(accents.title == repeat("e\u0301", 120) + "\u2026");
    }
    SECTION("fields already set are kept") {
        fts::ArticleMetadata meta;
        meta.title = "Given";
        fts::derive_metadata("Other\nBy John Smith", meta);
        CHECK(meta.title == "Given");
        CHECK(meta.author == "John Smith");
    }
}

TEST_CASE("plain text: stray markup is not text", "[document][extract]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, body] = GENERATE(table<std::string, std::string>({
        Row{"!-- Google tag (gtag.js) -->\n\nTitle", "Title"},
        Row{"<!-- a\ncomment -->Text", "Text"},
        Row{"Line<br>\n<div class=\"x\">Para</div>", "Line\nPara"},
        Row{"a < b and c > d", "a < b and c > d"},
        Row{"x  \t y\n\n\n\nz", "x y\n\nz"},
        Row{"<P>One</P> <SPAN>two</SPAN>", "One two"},
        // Not HTML: a ticker in angle brackets is text.
        Row{"Standard Oil Co <SRD> and British Petroleum Plc <BP> said", "Standard Oil Co <SRD> and British Petroleum Plc <BP> said"},
        Row{"Rainier Bancorp <RBAN.O> and <F>", "Rainier Bancorp <RBAN.O> and <F>"},
    }));
    CAPTURE(input);
    CHECK(fts::extract_plain(input, fts::SourceFormat::text).body == body);
    CHECK(fts::extract_plain(input, fts::SourceFormat::markdown).body == body);
}

TEST_CASE("markdown: headings, links and images keep their words", "[document][extract]") {
    const auto out = fts::extract_plain("# Head\n\nSee **[the report](http://x.org/a.pdf)** and ![a map](m.png) in `code`.\n\n---\nEnd", fts::SourceFormat::markdown);
    CHECK(out.body == "Head\n\nSee the report and a map in code.\n\nEnd");
}

TEST_CASE("markdown: quotes, reference links, definitions, autolinks, tables and emphasis reduce to text", "[document][extract]") {
    using Row = std::tuple<std::string, std::string>;
    auto [input, body] = GENERATE(table<std::string, std::string>({
        Row{"> Quoted words\n> > nested", "Quoted words\nnested"},
        Row{"> # Heading in a quote", "Heading in a quote"},
        Row{"See [the report][1] and [this][].\n\n[1]: https://x.org/a.pdf \"Title\"\n[this]: /b", "See the report and this."},
        Row{"Mail <ann@example.org> or see <https://example.org/a>.", "Mail ann@example.org or see https://example.org/a."},
        Row{"| Year | Trade |\n|:-----|------:|\n| 2019 | $47.9 million |", "Year Trade\n2019 $47.9 million"},
        Row{"_emphasis_ and __strong__ but snake_case", "emphasis and strong but snake_case"},
        Row{"_\uc815\ucc30\uae30_ \ubc1c\uacac", "\uc815\ucc30\uae30 \ubc1c\uacac"},
    }));
    CAPTURE(input);
    CHECK(fts::extract_plain(input, fts::SourceFormat::markdown).body == body);
}

TEST_CASE("html: tags, scripts, entities and metadata", "[document][extract]") {
    const std::string html =
        "<html><head><title>Talks &amp; Sanctions</title><meta name=\"author\" content=\"Jane Doe\">"
        "<meta property=\"article:published_time\" content=\"2019-04-25T08:00:00Z\">"
        "<meta property=\"og:site_name\" content=\"Example News\"><style>p{color:red}</style>"
        "<script>var gtag = 1;</script></head><body><h1>Head</h1><p>Kim&nbsp;Jong&#8209;un met Putin&#x2019;s team.</p>"
        "<!-- hidden --><p>Second&hellip;</p></body></html>";
    const auto out = fts::extract_html(html);
    CHECK(out.meta.title == "Talks & Sanctions");
    CHECK(out.meta.author == "Jane Doe");
    CHECK(out.meta.source == "Example News");
    REQUIRE(out.meta.date);
    CHECK(out.meta.date->iso() == "2019-04-25");
    CHECK(out.body == "Head\n\nKim\u00A0Jong\u2011un met Putin\u2019s team.\n\nSecond\u2026");
    CHECK(out.body.find("gtag") == std::string::npos);
    CHECK(out.body.find("color") == std::string::npos);
}

TEST_CASE("html: inline elements are inside words, blocks and page furniture are not", "[document][extract]") {
    using Row = std::tuple<std::string, std::string>;
    auto [html, body] = GENERATE(table<std::string, std::string>({
        Row{"<p><span>W</span>ashington and H<sub>2</sub>O, inline<b>bold</b>join</p>", "Washington and H2O, inlineboldjoin"},
        Row{"<p>one</p><p>two</p>", "one\n\ntwo"},
        Row{"<td>a</td><td>b</td>", "a\n\nb"},
        Row{"left<img src=x>right", "left right"},
        Row{"<nav><a href=\"#main\">Skip to content</a><ul><li>Home</li></ul></nav><p>The story.</p>", "The story."},
        Row{"<header>Site name <nav>Menu</nav></header><p>Text</p><footer>Contact us</footer>", "Text"},
        Row{"<div role=\"navigation\"><div>Home</div><div>World</div></div><p>Text</p>", "Text"},
        Row{"<aside>Related</aside><p>Text</p>", "Text"},
        Row{"<article><header><h1>Head</h1><p>By Ann Lee</p></header><p>Text</p></article>", "Head\n\nBy Ann Lee\n\nText"},
    }));
    CAPTURE(html);
    CHECK(fts::extract_html(html).body == body);
}

TEST_CASE("html: without <title>, the first <h1> is the title", "[document][extract]") {
    const auto out = fts::extract_html("<body><nav>Skip to content</nav><h1>Rail &amp; <em>Ports</em></h1><p>Text</p></body>");
    CHECK(out.meta.title == "Rail & Ports");
    CHECK(out.body == "Rail & Ports\n\nText");
    CHECK(fts::extract_html("<title>T</title><h1>H</h1>").meta.title == "T");
}

namespace {

auto words(std::size_t n, const std::string& word = "word") -> std::string {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += (i ? " " : "") + word;
    return s;
}

auto sentences(std::size_t count, std::size_t words_each) -> std::string {
    std::string s;
    for (std::size_t i = 0; i < count; ++i) s += (i ? " Then " : "Then ") + words(words_each - 2) + " end.";
    return s;
}

}  // namespace

TEST_CASE("passages: paragraphs, joins and splits", "[document][passages]") {
    SECTION("one paragraph per line when lines are long") {
        const std::string body = words(60, "alpha") + "\n" + words(60, "beta") + "\n" + words(60, "gamma");
        const auto p = fts::split_passages(body, "");
        REQUIRE(p.size() == 3);
        CHECK(body.substr(p[1].begin, p[1].end - p[1].begin) == words(60, "beta"));
    }
    SECTION("a short heading joins the paragraph after it") {
        const std::string body = "A Heading\n" + words(60, "alpha") + "\n" + words(60, "beta");
        const auto p = fts::split_passages(body, "");
        REQUIRE(p.size() == 2);
        CHECK(body.substr(p[0].begin, 9) == "A Heading");
        CHECK(p[0].words == 62);
    }
    SECTION("a long paragraph is cut at sentences into near-equal parts") {
        const std::string body = sentences(30, 10);  // 300 words
        const auto p = fts::split_passages(body, "");
        REQUIRE(p.size() == 3);
        for (const auto& s : p) {
            CHECK(s.words >= 40);
            CHECK(s.words <= 150);
            CHECK(body[s.end - 1] == '.');  // ends at a sentence
        }
    }
    SECTION("hard-wrapped text: blank lines separate paragraphs") {
        std::string para1, para2;
        for (int i = 0; i < 8; ++i) para1 += "wrapped line of words number " + std::to_string(i) + " alpha beta\n";
        for (int i = 0; i < 8; ++i) para2 += "second para line of words " + std::to_string(i) + " gamma delta\n";
        const std::string body = para1 + "\n" + para2;
        const auto p = fts::split_passages(body, "");
        REQUIRE(p.size() == 2);
        CHECK(body.substr(p[1].begin, 6) == "second");
    }
    SECTION("an unpunctuated run longer than the maximum is cut between words") {
        const std::string body = words(400);
        const auto p = fts::split_passages(body, "");
        CHECK(p.size() >= 3);
        for (const auto& s : p) CHECK(s.words <= 150);
    }
    SECTION("closing biography is flagged and kept apart") {
        const std::string body = words(60, "alpha") + "\n" + words(60, "beta") + "\n" +
                                 "Jane Doe is a fellow at the Institute. She can be followed on Twitter at jdoe.";
        const auto p = fts::split_passages(body, "Jane Doe");
        REQUIRE(p.size() == 3);
        CHECK_FALSE(p[1].boilerplate);
        CHECK(p[2].boilerplate);
    }
    SECTION("an Author block at the end") {
        const std::string body = words(60, "alpha") + "\n\nAuthor\n\nChaarvi Modi\n\nAssistant Editor\n\nChaarvi holds a Gold Medal for BA.";
        const auto p = fts::split_passages(body, "Chaarvi Modi");
        REQUIRE(p.size() == 2);
        CHECK(p[1].boilerplate);
        CHECK(body.substr(p[1].begin, 6) == "Author");
    }
}

TEST_CASE("boilerplate: what reads as a bio", "[document][passages]") {
    CHECK(fts::is_boilerplate_paragraph("Samuel Ramani is a DPhil candidate at Oxford.", "Samuel Ramani"));
    CHECK(fts::is_boilerplate_paragraph("About the author", ""));
    CHECK(fts::is_boilerplate_paragraph("The views expressed are the author's own.", ""));
    CHECK_FALSE(fts::is_boilerplate_paragraph("Samuel said the talks failed.", "Samuel Ramani"));
    CHECK_FALSE(fts::is_boilerplate_paragraph("Russia is a member of the talks.", ""));
}

TEST_CASE("loading files: bad input is reported, not fatal", "[document][reader]") {
    fts::test::TempDir dir;
    const auto load = [&](const std::string& name, const std::string& bytes) {
        dir.write(name, bytes);
        return fts::load_article({(dir.path() / name).string(), dir.path().string(), name, {}});
    };
    CHECK(load("empty.txt", "").skip_reason == "empty file");
    CHECK(load("blank.txt", " \n\n\t ").skip_reason == "no text to index");
    CHECK(load("markup.html", "<html><script>x</script></html>").skip_reason == "no text to index");
    CHECK(load("nul.txt", std::string("abc\0def", 7)).skip_reason.find("binary") == 0);

    const auto latin1 = load("latin1.txt", "Price: \xA3" "5 and caf\xE9\n");
    REQUIRE(latin1.article);
    CHECK(latin1.article->body == "Price: \uFFFD5 and caf\uFFFD");
    REQUIRE(latin1.warnings.size() == 1);
    CHECK(latin1.warnings[0].find("2 invalid UTF-8") == 0);

    const auto missing = fts::load_article({(dir.path() / "nope.txt").string(), dir.path().string(), "nope.txt", {}});
    CHECK(missing.skip_reason.find("cannot read") == 0);

    const auto crlf = load("crlf.md", "---\r\ntitle: T\r\n---\r\nLine one\r\nLine two");
    REQUIRE(crlf.article);
    CHECK(crlf.article->meta.title == "T");
    CHECK(crlf.article->body == "Line one\nLine two");
}

TEST_CASE("listing files: extensions, hidden entries, the database folder", "[document][reader]") {
    fts::test::TempDir dir;
    dir.write("a.txt", "x");
    dir.write("sub/b.md", "x");
    dir.write("sub/c.HTML", "x");
    dir.write("d.pdf", "x");
    dir.write(".hidden/e.txt", "x");
    dir.write("db/f.txt", "x");
    dir.write("deep/er/g.txt", "four");
    dir.write("outside/h.txt", "x");
    fs::create_symlink(dir.path() / "a.txt", dir.path() / "sub" / "link.txt");      // a link to a file: listed
    fs::create_symlink(dir.path() / "outside", dir.path() / "sub" / "linked-dir");  // to a folder: not followed
    fs::create_symlink(dir.path() / "nowhere.txt", dir.path() / "dangling.txt");    // to nothing: left out
    const auto files = fts::list_source_files({dir.path()}, dir.path() / "db");
    std::vector<std::string> names;
    for (const auto& f : files) names.push_back(f.relative_path);
    CHECK(names == std::vector<std::string>{"a.txt", "deep/er/g.txt", "outside/h.txt", "sub/b.md", "sub/c.HTML",
                                            "sub/link.txt"});
    for (const auto& f : files) {
        CHECK(f.root == fs::weakly_canonical(dir.path()).string());
        CHECK(f.path == (fs::path(f.root) / f.relative_path).string());
        struct stat st {};
        REQUIRE(::stat(f.path.c_str(), &st) == 0);
        CHECK(f.stat.size == static_cast<std::uint64_t>(st.st_size));  // the stat of the target, taken when listed
        CHECK(f.stat.inode == static_cast<std::uint64_t>(st.st_ino));
        CHECK(f.stat.mtime_ns == static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
    }
    CHECK(files[1].stat.size == 4);
    CHECK_THROWS_AS(fts::list_source_files({dir.path() / "missing"}, {}), fts::UsageError);
}

TEST_CASE("listing files: on several threads, the same files, stats and notes as on one", "[document][reader]") {
    // More folders than the walk queues (it then reads them where it finds
    // them), nested, with notes to make in several of them.
    fts::test::TempDir dir;
    for (int a = 0; a < 90; ++a) {
        const fs::path top = fs::path("t").concat(std::to_string(a));
        dir.write((top / "x.txt").string(), "x");
        for (int b = 0; b < a % 4; ++b) dir.write((top / fs::path("s").concat(std::to_string(b)) / "y.md").string(), "yy");
        if (a % 9 == 0) fs::create_symlink(dir.path() / "t1", dir.path() / top / "to-folder");
        if (a % 10 == 0) fs::create_symlink(dir.path() / "gone.txt", dir.path() / top / "broken.txt");
    }
    std::vector<std::string> one_notes;
    const auto one = fts::list_source_files({dir.path()}, {}, &one_notes, 1);
    REQUIRE(one.size() == 223);          // 90 x.txt, and a % 4 y.md under each t<a>: 133
    CHECK(one_notes.size() == 10 + 9);  // links to a folder, links to nothing
    CHECK(std::is_sorted(one_notes.begin(), one_notes.end()));
    for (const std::size_t threads : {2, 3, 8}) {
        CAPTURE(threads);
        std::vector<std::string> notes;
        const auto many = fts::list_source_files({dir.path()}, {}, &notes, threads);
        REQUIRE(many.size() == one.size());
        for (std::size_t i = 0; i < one.size(); ++i) {
            CHECK(many[i].path == one[i].path);
            CHECK(many[i].relative_path == one[i].relative_path);
            CHECK(many[i].stat.inode == one[i].stat.inode);
            CHECK(many[i].stat.size == one[i].stat.size);
        }
        CHECK(notes == one_notes);
    }
}
