#include "fts/document/passage_splitter.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "fts/analysis/tokenizer.hpp"
#include "fts/util/text.hpp"

namespace fts {
namespace {

auto count_words(std::string_view s) -> std::size_t {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : s) {
        const bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

struct Line {
    std::size_t begin, end;
};

auto lines_of(std::string_view body) -> std::vector<Line> {
    std::vector<Line> lines;
    std::size_t start = 0;
    while (start < body.size()) {
        auto nl = body.find('\n', start);
        if (nl == std::string_view::npos) nl = body.size();
        lines.push_back({start, nl});
        start = nl + 1;
    }
    return lines;
}

// Hard-wrapped text (lines cut at ~70-80 columns, paragraphs separated by
// blank lines) has almost no long lines; text with a paragraph per line does.
auto is_hard_wrapped(const std::vector<Line>& lines) -> bool {
    std::size_t nonempty = 0, long_lines = 0, blank = 0;
    for (const Line& l : lines) {
        const std::size_t len = l.end - l.begin;
        if (len == 0) {
            ++blank;
            continue;
        }
        ++nonempty;
        if (len > 100) ++long_lines;
    }
    return blank > 0 && nonempty >= 4 && long_lines * 10 < nonempty;
}

// Splits one long paragraph at sentence boundaries into parts of about
// target words; a single over-long sentence is cut between words.
void split_long(std::string_view body, const PassageSpan& para, const PassageOptions& options,
                std::vector<PassageSpan>& out) {
    const std::string_view text = body.substr(para.begin, para.end - para.begin);
    const std::size_t parts = (para.words + options.target_words - 1) / options.target_words;
    const std::size_t per_part = std::max<std::size_t>(para.words / std::max<std::size_t>(parts, 1), 1);
    std::vector<PassageSpan> sentences;
    for (const Span& s : split_sentences(text)) {
        PassageSpan piece{para.begin + s.begin, para.begin + s.end, count_words(text.substr(s.begin, s.end - s.begin)), para.boilerplate};
        if (piece.words <= options.max_words) {
            sentences.push_back(piece);
            continue;
        }
        // A "sentence" with no stops: cut every target_words words at a space.
        std::size_t start = piece.begin, words = 0;
        bool in_word = false;
        for (std::size_t i = piece.begin; i < piece.end; ++i) {
            const bool space = body[i] == ' ' || body[i] == '\n';
            if (!space && !in_word && ++words > options.target_words) {
                sentences.push_back({start, i, options.target_words, para.boilerplate});
                start = i;
                words = 1;
            }
            in_word = !space;
        }
        sentences.push_back({start, piece.end, words, para.boilerplate});
    }
    PassageSpan current{};
    bool open = false;
    for (const PassageSpan& s : sentences) {
        if (open && (current.words >= per_part || current.words + s.words > options.max_words)) {
            out.push_back(current);
            open = false;
        }
        if (!open) {
            current = s;
            open = true;
        } else {
            current.end = s.end;
            current.words += s.words;
        }
    }
    if (open) {
        // A small tail reads better joined to the part before it.
        if (!out.empty() && current.words < options.min_words / 2 && out.back().begin >= para.begin &&
            out.back().words + current.words <= options.max_words) {
            out.back().end = current.end;
            out.back().words += current.words;
        } else {
            out.push_back(current);
        }
    }
}

}  // namespace

auto split_paragraphs(std::string_view body) -> std::vector<PassageSpan> {
    const auto lines = lines_of(body);
    std::vector<PassageSpan> paragraphs;
    if (is_hard_wrapped(lines)) {
        std::size_t start = std::string_view::npos, end = 0;
        for (const Line& l : lines) {
            if (l.end == l.begin) {
                if (start != std::string_view::npos) paragraphs.push_back({start, end, 0, false});
                start = std::string_view::npos;
                continue;
            }
            if (start == std::string_view::npos) start = l.begin;
            end = l.end;
        }
        if (start != std::string_view::npos) paragraphs.push_back({start, end, 0, false});
    } else {
        for (const Line& l : lines) {
            if (l.end > l.begin) paragraphs.push_back({l.begin, l.end, 0, false});
        }
    }
    for (PassageSpan& p : paragraphs) p.words = count_words(body.substr(p.begin, p.end - p.begin));
    std::erase_if(paragraphs, [](const PassageSpan& p) { return p.words == 0; });
    return paragraphs;
}

auto is_boilerplate_paragraph(std::string_view paragraph, std::string_view author) -> bool {
    const std::string p = ascii_lower(paragraph);
    static const char* const labels[] = {"author", "authors", "about the author", "about the authors", "the author"};
    for (const char* label : labels) {
        if (p == label || p == std::string(label) + ":") return true;
    }
    static const char* const phrases[] = {"can be followed on twitter", "follow him on twitter", "follow her on twitter",
                                          "follow them on twitter",     "the views expressed",   "all rights reserved",
                                          "this article was originally published", "this article first appeared",
                                          "is a regular contributor",   "writes regularly for",  "sign up for our newsletter",
                                          "subscribe to our newsletter"};
    for (const char* phrase : phrases) {
        if (p.find(phrase) != std::string::npos) return true;
    }
    if (!author.empty()) {
        const std::string a = ascii_lower(author);
        const std::string first = a.substr(0, a.find(' '));
        for (const std::string& name : {a, first}) {
            if (name.size() < 3 || p.rfind(name, 0) != 0) continue;
            const std::string_view rest = std::string_view(p).substr(name.size());
            if (rest.empty()) return true;  // the author's name alone on a line
            static const char* const verbs[] = {" is ", " was ", " holds ", " has ", " writes ", " serves ", " works ", " teaches "};
            for (const char* verb : verbs) {
                if (rest.rfind(verb, 0) == 0) return true;
            }
        }
    }
    return false;
}

auto split_passages(std::string_view body, std::string_view author, const PassageOptions& options)
    -> std::vector<PassageSpan> {
    std::vector<PassageSpan> paragraphs = split_paragraphs(body);

    // Closing boilerplate: walk back from the end over at most six short
    // paragraphs while they read as biography or site furniture.
    constexpr std::size_t kMaxClosing = 6;
    constexpr std::size_t kMaxClosingWords = 200;
    std::size_t closing_words = 0;
    for (std::size_t k = 0; k < paragraphs.size() && k < kMaxClosing; ++k) {
        PassageSpan& p = paragraphs[paragraphs.size() - 1 - k];
        const std::string_view text = body.substr(p.begin, p.end - p.begin);
        closing_words += p.words;
        if (closing_words > kMaxClosingWords || !is_boilerplate_paragraph(text, author)) {
            // A short line between two boilerplate lines ("Assistant Editor") belongs to them.
            if (p.words <= 4 && k > 0 && k + 1 < paragraphs.size() && closing_words <= kMaxClosingWords) {
                const PassageSpan& before = paragraphs[paragraphs.size() - 2 - k];
                if (is_boilerplate_paragraph(body.substr(before.begin, before.end - before.begin), author)) {
                    p.boilerplate = true;
                    continue;
                }
            }
            break;
        }
        p.boilerplate = true;
    }

    std::vector<PassageSpan> units;
    for (const PassageSpan& p : paragraphs) {
        if (p.words > options.max_words) {
            split_long(body, p, options, units);
        } else {
            units.push_back(p);
        }
    }

    std::vector<PassageSpan> passages;
    for (const PassageSpan& u : units) {
        if (!passages.empty()) {
            PassageSpan& cur = passages.back();
            const bool joinable = cur.boilerplate == u.boilerplate && cur.words < options.min_words &&
                                  cur.words + u.words <= options.max_words;
            if (joinable) {
                cur.end = u.end;
                cur.words += u.words;
                continue;
            }
        }
        passages.push_back(u);
    }
    // A short last body passage joins the one before it.
    for (std::size_t i = passages.size(); i-- > 1;) {
        PassageSpan& p = passages[i];
        PassageSpan& prev = passages[i - 1];
        if (p.words < options.min_words && prev.boilerplate == p.boilerplate &&
            prev.words + p.words <= options.max_words && (i + 1 == passages.size() || passages[i + 1].boilerplate != p.boilerplate)) {
            prev.end = p.end;
            prev.words += p.words;
            passages.erase(passages.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    return passages;
}

}  // namespace fts
