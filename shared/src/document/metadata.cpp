#include "fts/document/metadata.hpp"

#include "fts/analysis/tokenizer.hpp"
#include "fts/util/text.hpp"
#include "fts/util/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

namespace fts {

auto Date::iso() const -> std::string {
    char buf[16];
    if (month == 0) {
        std::snprintf(buf, sizeof buf, "%04d", year);
    } else if (day == 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    }
    return buf;
}

auto Date::sortable() const -> std::string {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
    return buf;
}

auto Date::first_day() const -> std::string {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month ? month : 1, day ? day : 1);
    return buf;
}

auto Date::last_day() const -> std::string {
    const int m = month ? month : 12;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, m, day ? day : days_in_month(year, m));
    return buf;
}

namespace {

auto make_date(int year, int month, int day) -> std::optional<Date> {
    if (year < kFirstYear || year > kLastYear) return std::nullopt;
    if (month < 0 || month > 12 || (month == 0 && day != 0)) return std::nullopt;
    if (day < 0 || (month > 0 && day > days_in_month(year, month))) return std::nullopt;
    return Date{year, month, day};
}

// "january" or "jan" (with or without '.') -> 1; 0 when not a month name.
auto month_number(std::string_view word) -> int {
    static const std::array<const char*, 12> names{"january", "february", "march",     "april",   "may",      "june",
                                                   "july",    "august",   "september", "october", "november", "december"};
    std::string w = ascii_lower(word);
    if (!w.empty() && w.back() == '.') w.pop_back();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string_view name(names[i]);
        if (w == name || (w.size() >= 3 && name.substr(0, w.size()) == w && (w.size() == 3 || w == "sept"))) {
            return static_cast<int>(i + 1);
        }
    }
    return 0;
}

// Russian month names in the genitive, as dates write them ("12 марта 2021 года"): 1..12, 0 when not one.
constexpr std::array<std::string_view, 12> kRussianMonths{"января", "февраля", "марта",    "апреля",  "мая",    "июня",
                                                          "июля",   "августа", "сентября", "октября", "ноября", "декабря"};

auto russian_month_number(std::string_view word) -> int {
    for (std::size_t i = 0; i < kRussianMonths.size(); ++i) {
        if (word == kRussianMonths[i]) return static_cast<int>(i + 1);
    }
    return 0;
}

const char* const kRussianMonthPattern = "(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)";

const char* const kMonthPattern =
    "(January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)";

auto unquote(std::string_view v) -> std::string {
    v = trim(v);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        v = v.substr(1, v.size() - 2);
    }
    return std::string(v);
}

auto split_lines(std::string_view text) -> std::vector<std::string_view> {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

// A by-line name: 2 to 5 words, each starting with an upper-case letter (or a
// joining word such as "and", "de", "van"), at most 60 bytes.
auto looks_like_name(std::string_view s) -> bool {
    s = trim(s);
    if (s.empty() || s.size() > 60) return false;
    static const std::regex name(
        "^[A-Z][A-Za-z'\\.\\-]*( (and|de|van|von|der|da|bin|al|[A-Z][A-Za-z'\\.\\-]*)){1,4}$");
    return std::regex_match(s.begin(), s.end(), name);
}

// A Russian by-line name: 2 to 4 words, each starting with a capital Cyrillic letter, at most 80 bytes.
auto looks_like_cyrillic_name(std::string_view s) -> bool {
    s = trim(s);
    if (s.empty() || s.size() > 80) return false;
    std::size_t words = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t end = std::min(s.find(' ', i), s.size());
        const std::string_view w = s.substr(i, end - i);
        // А..Я is U+0410..U+042F (D0 90..D0 AF), Ё U+0401 (D0 81).
        const bool capital = w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xD0 &&
                             ((static_cast<unsigned char>(w[1]) >= 0x90 && static_cast<unsigned char>(w[1]) <= 0xAF) ||
                              static_cast<unsigned char>(w[1]) == 0x81);
        if (!capital) return false;
        ++words;
        i = end + 1;
    }
    return words >= 2 && words <= 4;
}

}  // namespace

auto days_in_month(int year, int month) -> int {
    static const std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

auto parse_date(std::string_view text) -> std::optional<Date> {
    const std::string s(trim(text));
    std::smatch m;
    static const std::regex iso("^(\\d{4})(?:[-/.](\\d{1,2})(?:[-/.](\\d{1,2}))?)?(?:[T ].*)?$");
    if (std::regex_match(s, m, iso)) {
        // A month or day written as 0 is no month or day: "2021-00" is not a date.
        const int month = m[2].matched ? std::stoi(m[2]) : -1, day = m[3].matched ? std::stoi(m[3]) : -1;
        if (month == 0 || day == 0) return std::nullopt;
        return make_date(std::stoi(m[1]), std::max(month, 0), std::max(day, 0));
    }
    static const std::regex mdy(std::string("^") + kMonthPattern + " (\\d{1,2}),? (\\d{4})$", std::regex::icase);
    if (std::regex_match(s, m, mdy)) return make_date(std::stoi(m[3]), month_number(m[1].str()), std::stoi(m[2]));
    static const std::regex dmy(std::string("^(\\d{1,2}) ") + kMonthPattern + ",? (\\d{4})$", std::regex::icase);
    if (std::regex_match(s, m, dmy)) return make_date(std::stoi(m[3]), month_number(m[2].str()), std::stoi(m[1]));
    static const std::regex my(std::string("^") + kMonthPattern + ",? (\\d{4})$", std::regex::icase);
    if (std::regex_match(s, m, my)) return make_date(std::stoi(m[2]), month_number(m[1].str()), 0);
    static const std::regex ru(std::string("^(\\d{1,2}) ") + kRussianMonthPattern + " (\\d{4})(?: (?:года|г\\.?))?$");
    if (std::regex_match(s, m, ru)) return make_date(std::stoi(m[3]), russian_month_number(m[2].str()), std::stoi(m[1]));
    // "Tuesday, 30 November 2021": the weekday adds nothing.
    static const std::regex weekday("^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (.+)$", std::regex::icase);
    if (std::regex_match(s, m, weekday)) return parse_date(m[1].str());
    return std::nullopt;
}

namespace {

// Whether `before` (a line's text up to a date) lets the date be the line's dateline.
auto dateline_prefix(std::string_view before) -> bool {
    while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.remove_suffix(1);
    while (!before.empty() && (before.front() == ' ' || before.front() == '\t')) before.remove_prefix(1);
    if (before.empty()) return true;
    constexpr std::size_t kMaxWords = 6;
    if (std::count(before.begin(), before.end(), ' ') + 1 > static_cast<std::ptrdiff_t>(kMaxWords)) return false;
    if (before.find(". ") != std::string_view::npos) return false;  // a sentence ended before it
    for (const std::string_view end : {",", "-", ":", "|", "\u2013", "\u2014", "\u00b7"}) {
        if (before.ends_with(end)) return true;
    }
    static const std::regex weekday("(?:^|\\s)(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$", std::regex::icase);
    return std::regex_search(std::string(before), weekday);
}

}  // namespace

auto find_dateline(std::string_view text) -> std::optional<Date> {
    static const std::regex any(std::string("\\b(?:") + kMonthPattern + " (\\d{1,2}),? (\\d{4})|(\\d{1,2}) " +
                                kMonthPattern + ",? (\\d{4})|(\\d{4})-(\\d{2})-(\\d{2})|(\\d{1,2}) " +
                                kRussianMonthPattern + " (\\d{4}))\\b");
    const std::string s(text);
    // The first sentences of the first two paragraphs (a title line, a lede:
    // "On February 3, 2017, ..."): a date there is the news's date.
    std::vector<std::pair<std::size_t, std::size_t>> ledes;
    for (std::size_t at = 0; at < s.size() && ledes.size() < 2;) {
        at = s.find_first_not_of(" \t\n", at);
        if (at == std::string::npos) break;
        std::size_t end = s.find('\n', at);
        if (end == std::string::npos) end = s.size();
        for (const std::string_view stop : {". ", "? ", "! "}) end = std::min(end, s.find(stop, at));
        ledes.emplace_back(at, end);
        const std::size_t paragraph_end = s.find("\n\n", at);
        at = paragraph_end == std::string::npos ? s.size() : paragraph_end;
    }
    // A dateline is on one of the first lines (a title, a by-line, the date):
    // a date that opens a line further down is a date in the text.
    constexpr std::size_t kDatelineLines = 5;
    std::size_t dateline_end = 0;
    for (std::size_t lines = 0; dateline_end < s.size() && lines < kDatelineLines; ++lines) {
        dateline_end = s.find_first_not_of(" \t\n", dateline_end);
        if (dateline_end == std::string::npos) break;
        const std::size_t nl = s.find('\n', dateline_end);
        dateline_end = nl == std::string::npos ? s.size() : nl + 1;
    }
    if (dateline_end == std::string::npos) dateline_end = s.size();
    // Every form of date has four digits in a row (its year) and no line
    // break: the pattern is searched for only in the lines with four digits,
    // one line at a time (a line's ends are word boundaries, as the line
    // breaks around it are). std::regex tries the pattern at every byte it
    // is given; over whole openings that was 5% of indexing.
    const auto four_digits = [](std::string_view line) {
        std::size_t run = 0;
        for (const char c : line) {
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run == 4) return true;
        }
        return false;
    };
    for (std::size_t from = 0, line_end = 0; from < s.size(); from = line_end + 1) {
        line_end = std::min(s.find('\n', from), s.size());
        if (!four_digits(std::string_view(s).substr(from, line_end - from))) continue;
        const auto line = s.begin() + static_cast<std::ptrdiff_t>(from);
        for (auto it = std::sregex_iterator(line, line + static_cast<std::ptrdiff_t>(line_end - from), any); it != std::sregex_iterator(); ++it) {
            const std::smatch& m = *it;
            const std::size_t at = from + static_cast<std::size_t>(m.position(0));
            // In a lede, the date opens the sentence ("On February 3, 2017, ..."):
            // one further in is what the news tells of ("vanished 10 years ago,
            // on 1 February 1995"; "born on 14 November 1840").
            const auto lede = std::find_if(ledes.begin(), ledes.end(), [&](const auto& l) { return at >= l.first && at < l.second; });
            const bool opens_lede = lede != ledes.end() && [&] {
                const std::string before = ascii_lower(trim(std::string_view(s).substr(lede->first, at - lede->first)));
                return before.empty() || before == "on";
            }();
            if (!opens_lede && (at >= dateline_end || !dateline_prefix(std::string_view(s).substr(from, at - from)))) continue;
            std::optional<Date> d;
            if (m[1].matched) {
                d = make_date(std::stoi(m[3]), month_number(m[1].str()), std::stoi(m[2]));
            } else if (m[4].matched) {
                d = make_date(std::stoi(m[6]), month_number(m[5].str()), std::stoi(m[4]));
            } else if (m[7].matched) {
                d = make_date(std::stoi(m[7]), std::stoi(m[8]), std::stoi(m[9]));
            } else {
                d = make_date(std::stoi(m[12]), russian_month_number(m[11].str()), std::stoi(m[10]));
            }
            if (d) return d;
        }
    }
    return std::nullopt;
}

auto parse_front_matter(std::string_view text) -> FrontMatter {
    FrontMatter fm;
    if (text.substr(0, 3) != "---") return fm;
    const auto lines = split_lines(text);
    if (lines.empty() || trim(lines[0]) != "---") return fm;
    std::size_t offset = lines[0].size() + 1;
    for (std::size_t i = 1; i < lines.size() && i < 200; ++i) {
        const std::string_view line = lines[i];
        offset += line.size() + 1;
        if (trim(line) == "---" || trim(line) == "...") {
            fm.body_offset = std::min(offset, text.size());
            return fm;
        }
        const std::string_view t = trim(line);
        if (t.empty() || t.front() == '#') continue;
        const auto colon = t.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string key = ascii_lower(trim(t.substr(0, colon)));
        const std::string value = unquote(t.substr(colon + 1));
        // Russian keys as well: Заголовок, Автор, Источник, Дата (either case of the first letter).
        if (key == "title" || key == "заголовок" || key == "Заголовок") {
            fm.meta.title = value;
        } else if (key == "author" || key == "authors" || key == "by" || key == "автор" || key == "Автор") {
            fm.meta.author = value;
        } else if (key == "source" || key == "publication" || key == "publisher" || key == "источник" || key == "Источник") {
            fm.meta.source = value;
        } else if (key == "date" || key == "published" || key == "дата" || key == "Дата") {
            fm.meta.date = parse_date(value);
            if (!fm.meta.date && !value.empty()) fm.problem = "front matter date '" + value + "' is not a date";
        }
    }
    return FrontMatter{};  // no closing line: not front matter, the text is the body
}

// A first line longer than this many characters is a paragraph, and the
// title is its start, cut at a space before kTitleCutChars.
constexpr std::size_t kMaxTitleChars = 160;
constexpr std::size_t kTitleCutChars = 120;

void derive_metadata(std::string_view body, ArticleMetadata& meta) {
    const auto lines = split_lines(body);
    constexpr std::size_t kOpeningLines = 30;
    constexpr std::size_t kOpeningBytes = 4000;

    if (meta.title.empty()) {
        for (const auto line : lines) {
            std::string_view t = trim(line);
            while (!t.empty() && t.front() == '#') t.remove_prefix(1);
            t = trim(t);
            if (t.empty()) continue;
            const Graphemes chars(t);
            if (chars.count(0, t.size()) > kMaxTitleChars) {
                // A paragraph, not a heading: keep its start, cut at a space.
                const std::size_t limit = chars.advance(0, kTitleCutChars);
                std::size_t cut = t.rfind(' ', limit);
                if (cut == std::string_view::npos || chars.count(0, cut) < kTitleCutChars / 3) cut = limit;
                meta.title = std::string(trim(t.substr(0, cut))) + "\u2026";
            } else {
                meta.title = std::string(t);
            }
            break;
        }
    }

    std::size_t opening_end = 0;
    for (std::size_t i = 0; i < lines.size() && i < kOpeningLines && opening_end < kOpeningBytes; ++i) {
        opening_end += lines[i].size() + 1;
    }
    const std::string_view opening = body.substr(0, std::min(opening_end, body.size()));

    if (!meta.date) meta.date = find_dateline(opening);

    if (meta.author.empty()) {
        // The words a by-line opens with: the pattern's, and a test run before
        // it on each (trimmed) line. None is special in a pattern.
        static constexpr std::array<std::string_view, 6> kOpenings{"By", "BY", "Written by", "Words by", "Автор", "Текст"};
        static const std::regex by = [] {
            std::string openings;
            for (const std::string_view o : kOpenings) {
                if (!openings.empty()) openings += '|';
                openings += o;
            }
            return std::regex("^\\s*(?:" + openings + ")[: ]\\s*(.+?)\\s*$");
        }();
        const auto may_be_by_line = [](std::string_view line) {
            return std::any_of(kOpenings.begin(), kOpenings.end(), [&](std::string_view o) { return line.starts_with(o); });
        };
        for (std::size_t i = 0; i < lines.size() && i < kOpeningLines; ++i) {
            const std::string line(trim(lines[i]));
            std::smatch m;
            if (may_be_by_line(line) && std::regex_match(line, m, by)) {
                std::string name = m[1].str();
                // "By Jane Doe, Reuters" / "By Jane Doe | May 3, 2020": keep the name.
                std::size_t cut = std::string::npos;  // substrings: the bytes of "—" also occur inside other letters
                for (const std::string_view mark : {",", "|", "\u2014"}) cut = std::min(cut, name.find(mark));
                if (cut != std::string::npos) name = std::string(trim(name.substr(0, cut)));
                if (looks_like_name(name) || looks_like_cyrillic_name(name)) {
                    meta.author = name;
                    break;
                }
            }
            const std::string l = ascii_lower(line);
            if (l == "author" || l == "authors" || l == "author:" || l == "by" || l == "Автор" || l == "Автор:") {
                for (std::size_t j = i + 1; j < lines.size() && j <= i + 3; ++j) {
                    const std::string_view next = trim(lines[j]);
                    if (next.empty()) continue;
                    if (looks_like_name(next) || looks_like_cyrillic_name(next)) meta.author = std::string(next);
                    break;
                }
                if (!meta.author.empty()) break;
            }
        }
    }
}

}  // namespace fts
