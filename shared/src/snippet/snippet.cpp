#include "fts/snippet/snippet.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "fts/analysis/filters.hpp"
#include "fts/analysis/tokenizer.hpp"
#include "fts/query/pattern.hpp"

namespace fts {
namespace {

constexpr std::string_view kEllipsis = "\u2026";

// Bytes of text a window keeps after a match it counts (unless the passage ends first).
constexpr std::size_t kContextAfter = 40;  // characters

// Whether a cut at `at` falls between sentences in fact. ICU ends a sentence
// at every line break, and hard-wrapped text (news wires) breaks its lines
// mid-sentence: a cut there is between sentences only when the text before it
// ends like a sentence (. ! ? … : ; or a closing quote or bracket after one),
// or a blank line (a paragraph break) lies there, or nothing precedes it.
auto between_sentences(std::string_view text, std::size_t at) -> bool {
    std::size_t k = at;
    while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t' || text[k - 1] == '\n')) --k;
    if (k == 0) return true;
    std::size_t next = at;
    while (next < text.size() && (text[next] == ' ' || text[next] == '\t' || text[next] == '\n')) ++next;
    const std::string_view gap = text.substr(k, next - k);
    const std::size_t first_break = gap.find('\n');
    if (first_break != std::string_view::npos && gap.find('\n', first_break + 1) != std::string_view::npos) return true;
    std::string_view before = text.substr(0, k);
    for (const std::string_view close : {"\"", "'", ")", "]", "\u201D", "\u2019", "\u00BB"}) {
        if (before.ends_with(close)) before.remove_suffix(close.size());
    }
    for (const std::string_view end : {".", "!", "?", ":", ";", "\u2026"}) {
        if (before.ends_with(end)) return true;
    }
    return false;
}

// Where a match ends in the source.
auto match_end(const std::vector<Token>& tokens, const PatternMatch& m) -> std::size_t {
    return m.end ? m.end : tokens[m.last_token].end;
}

// The spans of `matches` that lie within [begin, end) of `text`, through
// `at` (at[i]: where byte begin + i of the text lands in the output). Matches
// that overlap, or that only a space or the dashes of one hyphenated word
// separate in the source ("Kim Jong Un", "Kim Jong-un"), read as one span.
// Dashes are what the tokenizer joined (Token::join).
auto highlight_spans(std::string_view text, const std::vector<Token>& tokens, const std::vector<PatternMatch>& matches,
                     std::size_t begin, std::size_t end, const std::vector<std::size_t>& at) -> Highlights {
    Highlights out;
    std::size_t previous_end = 0;
    auto follows_previous = [&](std::size_t first_token) {
        const Token& t = tokens[first_token];
        if (t.begin < previous_end) return false;
        if (t.join == Join::dash || t.join == Join::slash) return first_token > 0 && tokens[first_token - 1].end == previous_end;
        return text.substr(previous_end, t.begin - previous_end) == " ";
    };
    for (const PatternMatch& m : matches) {
        const std::size_t b = tokens[m.first_token].begin, e = match_end(tokens, m);
        if (b < begin || e > end) continue;
        const std::size_t hb = at[b - begin], he = at[e - begin];
        const bool joins = !out.empty() && (hb <= out.back().second || follows_previous(m.first_token));
        previous_end = std::max(previous_end, e);
        if (joins) {
            out.back().second = std::max(out.back().second, he);
        } else {
            out.emplace_back(hb, he);
        }
    }
    return out;
}

}  // namespace

auto find_matches(const std::vector<Token>& tokens, const std::vector<Pattern>& patterns) -> std::vector<PatternMatch> {
    TokenSource source(tokens);
    std::vector<PatternMatch> matches;
    for (std::size_t p = 0; p < patterns.size(); ++p) {
        if (!patterns[p].highlight) continue;
        // A match that ends with one Hangul syllable (핵, 6자, 2397호) ends
        // inside the bigram at its last position.
        const Pattern& last = patterns[p].kind == Pattern::Kind::phrase && !patterns[p].children.empty()
                                  ? patterns[p].children.back() : patterns[p];
        const bool syllable = last.kind == Pattern::Kind::word && is_one_syllable(last.term);
        for (const Occurrence& o : match_pattern(patterns[p], source).marks) {
            PatternMatch m{o.first, o.last, p, 0};
            const Token& t = tokens[o.last];
            if (syllable && t.text != last.term && t.end - t.begin == t.text.size()) m.end = t.begin + last.term.size();
            matches.push_back(m);
        }
    }
    std::sort(matches.begin(), matches.end(), [](const PatternMatch& a, const PatternMatch& b) {
        return std::tie(a.first_token, a.last_token, a.pattern) < std::tie(b.first_token, b.last_token, b.pattern);
    });
    return matches;
}

auto make_snippet(std::string_view passage, const std::vector<Pattern>& patterns, Analyzer& analyzer,
                  const SnippetOptions& options)
    -> Snippet {
    const std::vector<Token> tokens = analyzer.analyze_for_index(passage);
    const std::size_t words = word_count(tokens);  // match indexes point at words
    const std::vector<PatternMatch> matches = find_matches(tokens, patterns);
    const std::vector<Span> sentences = split_sentences(passage);
    // A pattern's importance: its IDF (when the searcher gave one) times its share of the query.
    auto weight_of = [&](std::size_t p) { return std::max((patterns[p].idf > 0 ? patterns[p].idf : 1.0) * patterns[p].scale, 0.01); };

    const Graphemes chars(passage);
    // Where the written word holding token i starts and ends: Hangul bigrams
    // and the pieces of one word (White로) touch or overlap their neighbours.
    auto word_begin = [&](std::size_t i) {
        while (i > 0 && i < words && tokens[i - 1].end >= tokens[i].begin && tokens[i].join == Join::none) --i;
        return tokens[i].begin;
    };
    auto word_end_after = [&](std::size_t end) {
        for (std::size_t i = 0; i < words; ++i) {
            if (tokens[i].begin <= end && tokens[i].end > end && (tokens[i].begin < end || tokens[i].join == Join::none)) {
                end = tokens[i].end;
            }
        }
        return end;
    };
    auto is_sentence_start = [&](std::size_t b) {
        return std::any_of(sentences.begin(), sentences.end(), [b](const Span& s) { return s.begin == b; });
    };
    auto is_sentence_end = [&](std::size_t e) {
        return std::any_of(sentences.begin(), sentences.end(), [e](const Span& s) { return s.end == e; });
    };
    // The end of the last token that finishes within `n` characters of
    // `start` (at least one token), then of the word it is part of.
    auto window_end = [&](std::size_t start, std::size_t n) {
        const std::size_t limit = chars.advance(start, n);
        std::size_t end = start;
        for (std::size_t i = 0; i < words; ++i) {
            const Token& t = tokens[i];
            if (t.begin < start) continue;
            if (t.end > limit && end > start) break;
            end = t.end;
        }
        return word_end_after(end);
    };

    std::vector<std::size_t> starts;
    for (const Span& s : sentences) starts.push_back(s.begin);
    for (const PatternMatch& m : matches) {
        // Start a few words before the match, so it is read in context.
        const std::size_t first = m.first_token >= 4 ? m.first_token - 4 : 0;
        starts.push_back(word_begin(first));
    }
    if (starts.empty()) starts.push_back(0);

    std::size_t best_start = starts.front();
    double best_score = -1;
    for (const std::size_t start : starts) {
        const std::size_t end = window_end(start, options.target_chars);
        std::map<std::size_t, int> seen;
        double score = is_sentence_start(start) ? 0.1 : 0.0;
        // A match counts when the window shows it with some text after it:
        // a snippet that ends at its match reads as cut off.
        const std::size_t after = std::min(kContextAfter, options.target_chars / 6);
        const bool reaches_last_word = words == 0 || end >= tokens[words - 1].end;
        const std::size_t shown = chars.count(start, end);
        const std::size_t counted_end = reaches_last_word ? end : (shown > after ? chars.advance(start, shown - after) : start);
        for (const PatternMatch& m : matches) {
            if (tokens[m.first_token].begin < start || match_end(tokens, m) > counted_end) continue;
            score += weight_of(m.pattern) * (seen[m.pattern]++ == 0 ? 1.0 : 0.25);
        }
        if (score > best_score || (score == best_score && start < best_start)) {
            best_score = score;
            best_start = start;
        }
    }

    std::size_t begin = best_start;
    std::size_t end = window_end(begin, options.target_chars);
    if (chars.count(begin, passage.size()) <= options.max_chars) {
        end = passage.size();  // the rest of the passage fits
    } else {
        for (const Span& s : sentences) {
            if (s.begin < end && s.end >= end && chars.count(begin, s.end) <= options.max_chars) end = s.end;
        }
    }
    if (begin > 0 && chars.count(0, passage.size()) <= options.max_chars) begin = 0;  // a short passage is shown whole

    Snippet snippet;
    const bool lead = begin > 0 && !(is_sentence_start(begin) && between_sentences(passage, begin));
    const bool tail = end < passage.size() && !(is_sentence_end(end) && between_sentences(passage, end));
    if (lead) snippet.text += kEllipsis;
    // Line breaks and the blank lines between paragraphs become one space;
    // at[i] is where source byte begin+i lands in the snippet.
    std::vector<std::size_t> at(end - begin + 1);
    for (std::size_t i = begin; i < end; ++i) {
        at[i - begin] = snippet.text.size();
        const char c = passage[i];
        if (c == '\n') {
            if (!snippet.text.empty() && snippet.text.back() != ' ') snippet.text.push_back(' ');
        } else if (c == ' ' && !snippet.text.empty() && snippet.text.back() == ' ') {
            continue;
        } else {
            snippet.text.push_back(c);
        }
    }
    at[end - begin] = snippet.text.size();
    if (tail) snippet.text += kEllipsis;

    snippet.highlights = highlight_spans(passage, tokens, matches, begin, end, at);
    return snippet;
}

auto highlight_text(std::string_view text, const std::vector<Pattern>& patterns, Analyzer& analyzer) -> Highlights {
    const std::vector<Token> tokens = analyzer.analyze_for_index(text);
    std::vector<std::size_t> at(text.size() + 1);
    for (std::size_t i = 0; i <= text.size(); ++i) at[i] = i;
    return highlight_spans(text, tokens, find_matches(tokens, patterns), 0, text.size(), at);
}

}  // namespace fts
