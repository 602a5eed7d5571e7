#include "fts/document/text_extract.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "fts/document/metadata.hpp"
#include "fts/util/text.hpp"

namespace fts {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Decodes entities in s ("&amp;" "&#8217;" "&rsquo;"); unknown ones stay as written.
auto decode_entities(std::string_view s) -> std::string {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            const auto semi = s.find(';', i + 1);
            if (semi != std::string_view::npos && semi - i <= 12) {
                const std::string decoded = decode_entity(s.substr(i + 1, semi - i - 1));
                if (!decoded.empty()) {
                    out += decoded;
                    i = semi;
                    continue;
                }
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

// Collapses runs of spaces and tabs, trims each line, and keeps at most one
// blank line between paragraphs.
auto tidy_whitespace(std::string_view s) -> std::string {
    std::string out;
    out.reserve(s.size());
    int pending_newlines = 0;
    bool pending_space = false;
    for (char c : s) {
        if (c == '\n') {
            ++pending_newlines;
            pending_space = false;
        } else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            pending_space = true;
        } else {
            if (!out.empty()) {
                if (pending_newlines > 0) {
                    out.append(pending_newlines > 1 ? "\n\n" : "\n");
                } else if (pending_space) {
                    out.push_back(' ');
                }
            }
            pending_newlines = 0;
            pending_space = false;
            out.push_back(c);
        }
    }
    return out;
}

// The value of attribute `name` in a tag's text, or empty.
auto attribute(std::string_view tag, std::string_view name) -> std::string {
    const std::string t = ascii_lower(tag);
    std::size_t at = 0;
    while ((at = t.find(name, at)) != std::string::npos) {
        const bool starts_word = at > 0 && (std::isspace(static_cast<unsigned char>(t[at - 1])));
        std::size_t p = at + name.size();
        while (p < t.size() && t[p] == ' ') ++p;
        if (!starts_word || p >= t.size() || t[p] != '=') {
            at += name.size();
            continue;
        }
        ++p;
        while (p < t.size() && t[p] == ' ') ++p;
        if (p >= t.size()) return {};
        const char quote = tag[p];
        std::size_t end;
        if (quote == '"' || quote == '\'') {
            ++p;
            end = tag.find(quote, p);
        } else {
            end = tag.find_first_of(" >", p);
        }
        if (end == std::string_view::npos) end = tag.size();
        return decode_entities(tag.substr(p, end - p));
    }
    return {};
}

// Elements inside a word: "<span>W</span>ashington", "H<sub>2</sub>O" are one word.
auto is_inline_tag(std::string_view name) -> bool {
    static const char* const inlines[] = {"a",    "abbr", "b",    "bdi", "bdo",  "cite", "code", "data", "del",
                                          "dfn",  "em",   "font", "i",   "ins",  "kbd",  "mark", "q",    "s",
                                          "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"};
    for (const char* n : inlines) {
        if (name == n) return true;
    }
    return false;
}

// Page furniture, not the article's text: navigation, the site's header and
// footer, side bars, and what says so by its role.
auto is_furniture(std::string_view name, std::string_view tag) -> bool {
    if (name == "nav" || name == "footer" || name == "aside" || name == "header") return true;
    const std::string role = ascii_lower(attribute(tag, "role"));
    return role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" || role == "search";
}

// Where the element opened just before `from` ends: after its closing tag,
// counting elements of the same name nested in it (the end of the text when
// it never closes).
auto element_end(std::string_view html, std::size_t from, const std::string& name) -> std::size_t {
    int depth = 1;
    std::size_t at = from;
    while (at < html.size()) {
        const auto lt = html.find('<', at);
        if (lt == std::string_view::npos) break;
        const bool closing = lt + 1 < html.size() && html[lt + 1] == '/';
        const std::size_t n = lt + (closing ? 2 : 1);
        const auto gt = html.find('>', n);
        if (gt == std::string_view::npos) break;
        std::size_t e = n;
        while (e < gt && std::isalnum(static_cast<unsigned char>(html[e]))) ++e;
        if (ascii_lower(html.substr(n, e - n)) == name && html[gt - 1] != '/') {
            depth += closing ? -1 : 1;
            if (depth == 0) return gt + 1;
        }
        at = gt + 1;
    }
    return html.size();
}

auto is_block_tag(std::string_view name) -> bool {
    static const char* const blocks[] = {"p",  "div", "br", "h1", "h2", "h3", "h4", "h5",         "h6",     "li",
                                         "ul", "ol",  "tr", "td", "th", "table", "article", "section", "header",
                                         "footer", "blockquote", "pre", "hr", "dd", "dt", "figcaption", "main", "aside", "nav"};
    for (const char* b : blocks) {
        if (name == b) return true;
    }
    return false;
}

// An element of HTML, as a tag in plain text or Markdown is stripped: <br>,
// <div class="x">, </P>. Anything else in angle brackets is text: a ticker
// ("Plc <BP> said"), <SRD>.
auto is_html_element(std::string_view name) -> bool {
    static const char* const others[] = {"html", "head", "body", "title", "meta", "link", "script", "style", "noscript",
                                         "img", "figure", "picture", "source", "video", "audio", "iframe", "svg",
                                         "form", "input", "button", "label", "select", "option", "textarea", "center",
                                         "thead", "tbody", "tfoot", "caption", "col", "colgroup", "dl", "address",
                                         "details", "summary", "span", "big", "strike", "tt", "nobr", "template"};
    const std::string lower = ascii_lower(name);
    if (is_inline_tag(lower) || is_block_tag(lower)) return true;
    for (const char* n : others) {
        if (lower == n) return true;
    }
    return false;
}

}  // namespace

auto decode_entity(std::string_view name) -> std::string {
    if (name.size() >= 2 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string digits(name.substr(hex ? 2 : 1));
        if (digits.empty() || digits.size() > 7) return {};
        char* end = nullptr;
        const unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (*end != '\0') return {};
        std::string out;
        append_utf8(out, static_cast<std::uint32_t>(cp));
        return out;
    }
    static const std::unordered_map<std::string, std::uint32_t> named{
        {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
        {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"rsquo", 0x2019},
        {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"laquo", 0xAB},   {"raquo", 0xBB},
        {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122}, {"euro", 0x20AC},  {"pound", 0xA3},
        {"yen", 0xA5},     {"cent", 0xA2},    {"deg", 0xB0},     {"middot", 0xB7},  {"bull", 0x2022},
        {"shy", 0xAD},     {"times", 0xD7},   {"minus", 0x2212}, {"eacute", 0xE9},  {"egrave", 0xE8},
        {"aacute", 0xE1},  {"agrave", 0xE0},  {"ouml", 0xF6},    {"uuml", 0xFC},    {"auml", 0xE4},
        {"szlig", 0xDF},   {"ccedil", 0xE7},  {"ntilde", 0xF1},  {"iacute", 0xED},  {"oacute", 0xF3},
        {"uacute", 0xFA},  {"thinsp", 0x2009}, {"ensp", 0x2002}, {"emsp", 0x2003},  {"sect", 0xA7},
        {"para", 0xB6},    {"frac12", 0xBD},  {"plusmn", 0xB1},  {"prime", 0x2032}, {"zwnj", 0x200C}};
    const auto it = named.find(std::string(name));
    if (it == named.end()) return {};
    std::string out;
    append_utf8(out, it->second);
    return out;
}

auto extract_html(std::string_view html) -> ExtractedText {
    ExtractedText result;
    std::string text;
    text.reserve(html.size());
    std::string title;
    std::string h1;  // the first <h1>: the title when there is no <title>
    std::size_t h1_begin = std::string::npos;
    int in_article = 0;  // inside <article> or <main>: a <header> there is the article's own
    std::size_t i = 0;
    while (i < html.size()) {
        if (html[i] != '<') {
            const auto next = html.find('<', i);
            text.append(html.substr(i, (next == std::string_view::npos ? html.size() : next) - i));
            i = next == std::string_view::npos ? html.size() : next;
            continue;
        }
        if (html.substr(i, 4) == "<!--") {
            const auto end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        const auto close = html.find('>', i + 1);
        if (close == std::string_view::npos) {
            text.append(html.substr(i));  // a lone '<' in text
            break;
        }
        const std::string_view tag = html.substr(i + 1, close - i - 1);
        std::size_t name_end = 0;
        const std::size_t name_start = (!tag.empty() && tag[0] == '/') ? 1 : 0;
        name_end = name_start;
        while (name_end < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[name_end])) || tag[name_end] == ':')) {
            ++name_end;
        }
        const std::string name = ascii_lower(tag.substr(name_start, name_end - name_start));
        if (name.empty() && tag.substr(0, 1) != "!" && tag.substr(0, 1) != "?") {
            text.push_back('<');  // "a < b": not a tag
            ++i;
            continue;
        }
        i = close + 1;
        if (name_start == 0 && (name == "script" || name == "style" || name == "noscript" || name == "template" ||
                                name == "svg" || name == "title")) {
            const std::string end_tag = "</" + name;
            std::size_t end = i;
            for (;;) {
                end = html.find("</", end);
                if (end == std::string_view::npos || ascii_lower(html.substr(end, end_tag.size())) == end_tag) break;
                end += 2;
            }
            if (name == "title") title = decode_entities(html.substr(i, (end == std::string_view::npos ? html.size() : end) - i));
            if (end == std::string_view::npos) {
                i = html.size();
            } else {
                const auto gt = html.find('>', end);
                i = gt == std::string_view::npos ? html.size() : gt + 1;
            }
            continue;
        }
        if (name_start == 0 && is_furniture(name, tag) && !(name == "header" && in_article > 0) &&
            tag.substr(tag.size() - 1) != "/") {
            i = element_end(html, i, name);
            text.append("\n\n");
            continue;
        }
        if (name == "article" || name == "main") in_article += name_start == 0 ? 1 : (in_article > 0 ? -1 : 0);
        if (name == "h1" && h1.empty()) {
            if (name_start == 0) {
                text.append("\n\n");
                h1_begin = text.size();
                continue;
            }
            if (h1_begin != std::string::npos) {
                h1 = text.substr(h1_begin);
                h1_begin = std::string::npos;
            }
        }
        if (name == "meta") {
            const std::string key = ascii_lower(attribute(tag, "name").empty() ? attribute(tag, "property") : attribute(tag, "name"));
            const std::string content = std::string(trim(attribute(tag, "content")));
            if (content.empty()) continue;
            if ((key == "author" || key == "article:author" || key == "dc.creator") && result.meta.author.empty()) {
                result.meta.author = content;
            } else if ((key == "date" || key == "article:published_time" || key == "dc.date" || key == "pubdate") &&
                       !result.meta.date) {
                result.meta.date = parse_date(content.substr(0, std::min<std::size_t>(content.size(), 10)));
            } else if ((key == "og:site_name" || key == "publisher") && result.meta.source.empty()) {
                result.meta.source = content;
            } else if (key == "og:title" && title.empty()) {
                title = content;
            }
            continue;
        }
        if (is_block_tag(name)) text.append(name == "br" ? "\n" : "\n\n");
        else if (!is_inline_tag(name)) text.push_back(' ');
    }
    if (title.empty()) title = decode_entities(h1);
    result.meta.title = std::string(trim(tidy_whitespace(title)));
    result.body = tidy_whitespace(decode_entities(text));
    return result;
}

auto extract_plain(std::string_view input, SourceFormat format) -> ExtractedText {
    // A hand-written scan rather than std::regex: linear time, no recursion on long input.
    const bool markdown = format == SourceFormat::markdown;
    std::string out;
    out.reserve(input.size());
    bool line_start = true;
    std::size_t i = 0;
    auto line_end = [&](std::size_t from) {
        const auto nl = input.find('\n', from);
        return nl == std::string_view::npos ? input.size() : nl;
    };
    while (i < input.size()) {
        const char c = input[i];
        if (line_start) {
            std::size_t j = i;
            while (j < input.size() && (input[j] == ' ' || input[j] == '\t')) ++j;
            // A comment that lost its '<' (text copied from a page): "!-- Google tag -->".
            if (input.substr(j, 3) == "!--") {
                const auto close = input.find("-->", j);
                i = (close != std::string_view::npos && close < line_end(j)) ? close + 3 : line_end(j);
                continue;
            }
            if (markdown) {
                // Block quote marks: "> text", "> > text".
                std::size_t q = j;
                while (q < input.size() && input[q] == '>') {
                    ++q;
                    while (q < input.size() && (input[q] == ' ' || input[q] == '\t')) ++q;
                }
                if (q > j) {
                    i = q;
                    continue;  // still at the line's start: a heading or list may follow
                }
                const std::size_t e0 = line_end(j);
                const std::string_view line = input.substr(j, e0 - j);
                // A link definition, "[ref]: https://…": not text.
                if (!line.empty() && line[0] == '[') {
                    const auto rb = line.find("]:");
                    if (rb != std::string_view::npos && rb > 1 && line.find(']') == rb) {
                        i = e0;
                        continue;
                    }
                }
                // A table: its separator row is not text, its cells are words apart.
                if (!line.empty() && line[0] == '|') {
                    if (line.find_first_not_of("|-: \t\r") == std::string_view::npos) {
                        i = std::min(e0 + 1, input.size());  // with its line break: the rows stay one block
                        continue;
                    }
                }
                std::size_t h = j;
                while (h < input.size() && input[h] == '#' && h - j < 6) ++h;
                if (h > j && h < input.size() && (input[h] == ' ' || input[h] == '\t')) {
                    i = h + 1;
                    line_start = false;
                    continue;
                }
                // A thematic break: a line of three or more '-', '*' or '_'.
                const std::size_t e = line_end(j);
                const std::string_view rest = input.substr(j, e - j);
                if (rest.size() >= 3 && rest.find_first_not_of(std::string(1, rest[0]) + " \t") == std::string_view::npos &&
                    (rest[0] == '-' || rest[0] == '*' || rest[0] == '_')) {
                    i = e;
                    continue;
                }
            }
            line_start = false;
        }
        if (c == '\n') {
            out.push_back(c);
            line_start = true;
            ++i;
            continue;
        }
        if (c == '<' && input.substr(i, 4) == "<!--") {
            const auto close = input.find("-->", i + 4);
            if (close != std::string_view::npos) {
                i = close + 3;
                continue;
            }
        }
        if (c == '<') {
            // An HTML tag: <br>, <div class="x">, </p>. It must close on the same line.
            std::size_t j = i + 1;
            if (j < input.size() && input[j] == '/') ++j;
            if (j < input.size() && std::isalpha(static_cast<unsigned char>(input[j]))) {
                const std::size_t name_at = j;
                while (j < input.size() && (std::isalnum(static_cast<unsigned char>(input[j])) || input[j] == '-')) ++j;
                const auto close = input.find('>', j);
                if (close != std::string_view::npos && close < line_end(j) &&
                    (input[j] == '>' || input[j] == ' ' || input[j] == '/' || input[j] == '\t') &&
                    is_html_element(input.substr(name_at, j - name_at))) {
                    i = close + 1;
                    continue;
                }
            }
        }
        if (markdown && c == '<') {
            // An autolink, <https://example.org> or <name@example.org>: its text.
            const auto close = input.find('>', i + 1);
            if (close != std::string_view::npos && close < line_end(i)) {
                const std::string_view inner = input.substr(i + 1, close - i - 1);
                const bool link = inner.starts_with("http://") || inner.starts_with("https://") ||
                                  inner.starts_with("mailto:") || (inner.find('@') != std::string_view::npos &&
                                                                   inner.find_first_of(" \t") == std::string_view::npos);
                if (link) {
                    out.append(inner);
                    i = close + 1;
                    continue;
                }
            }
        }
        if (markdown && (c == '[' || (c == '!' && input.substr(i + 1, 1) == "["))) {
            // [text](target) and [text][ref] keep "text"; ![alt](target) keeps "alt".
            const std::size_t open = c == '[' ? i : i + 1;
            const auto close = input.find(']', open + 1);
            const std::size_t eol = line_end(open);
            const char after = close + 1 < input.size() ? input[close + 1] : '\0';
            if (close != std::string_view::npos && close < eol && (after == '(' || after == '[')) {
                const auto end = input.find(after == '(' ? ')' : ']', close + 2);
                if (end != std::string_view::npos && end < eol) {
                    out.append(input.substr(open + 1, close - open - 1));
                    i = end + 1;
                    continue;
                }
            }
        }
        if (markdown && c == '|') {  // table cells
            out.push_back(' ');
            ++i;
            continue;
        }
        if (markdown && c == '_') {
            // _emphasis_ and __strong__ marks at a word's edge; snake_case stays.
            auto word_char = [](char x) { return std::isalnum(static_cast<unsigned char>(x)) || static_cast<unsigned char>(x) >= 0x80; };
            const bool before = i > 0 && word_char(input[i - 1]);
            const bool after = i + 1 < input.size() && word_char(input[i + 1]);
            if (!(before && after)) {
                ++i;
                continue;
            }
        }
        if (markdown && (c == '*' || c == '`')) {  // emphasis and code marks are not text
            ++i;
            continue;
        }
        out.push_back(c);
        ++i;
    }
    ExtractedText result;
    result.body = tidy_whitespace(markdown ? decode_entities(out) : out);
    return result;
}

}  // namespace fts
