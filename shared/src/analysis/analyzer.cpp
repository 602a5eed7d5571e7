#include "fts/analysis/analyzer.hpp"

#include <algorithm>
#include <iterator>

namespace fts {

Analyzer::Analyzer(std::unique_ptr<Tokenizer> tokenizer, std::vector<std::unique_ptr<TokenFilter>> filters)
    : tokenizer_(std::move(tokenizer)), filters_(std::move(filters)) {}

auto Analyzer::analyze(std::string_view utf8) -> std::vector<Token> {
    std::vector<Token> tokens = tokenizer_->tokenize(utf8);
    for (const auto& filter : filters_) filter->apply(tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) tokens[i].position = static_cast<std::uint32_t>(i);
    return tokens;
}

auto Analyzer::compounds(const std::vector<Token>& words) -> std::vector<Token> {
    std::vector<Token> out;
    for (std::size_t first = 0; first < words.size(); ++first) {
        if (words[first].kind == TokenKind::hangul) continue;  // bigrams find Hangul inside longer words
        std::string text = words[first].text;
        for (std::size_t last = first + 1; last < words.size() && last - first < kMaxCompoundWords; ++last) {
            const Token& w = words[last];
            if (w.join != Join::dash || w.kind == TokenKind::hangul) break;
            if (w.kind == TokenKind::number && words[last - 1].kind == TokenKind::number) break;
            text += w.text;
            // The compound is what the tokenizer makes of the letters written
            // as one word ("il6" is a number to ICU, so it stays unstemmed).
            std::vector<Token> as_one = tokenizer_->tokenize(text);
            if (as_one.size() != 1 || as_one[0].end != text.size()) continue;
            Token& c = as_one[0];
            c.begin = words[first].begin;
            c.end = w.end;
            c.position = words[first].position;
            c.words = static_cast<std::uint32_t>(last - first + 1);
            out.push_back(std::move(c));
        }
    }
    // Normalisation is idempotent on the joined words; the stemmer sees the whole compound.
    for (const auto& filter : filters_) filter->apply(out);
    return out;
}

auto Analyzer::spaced_bigrams(const std::vector<Token>& words) -> std::vector<Token> {
    std::vector<Token> out;
    for (std::size_t i = 1; i < words.size(); ++i) {
        const Token& before = words[i - 1];
        const Token& after = words[i];
        // `before` is one syllable: a run's tail, or a run of one.
        if (after.kind != TokenKind::hangul || after.join != Join::space || before.kind != TokenKind::hangul ||
            before.text.size() != kSyllableBytes) {
            continue;
        }
        Token t;
        t.kind = TokenKind::hangul;
        t.text = before.text + after.text.substr(0, kSyllableBytes);
        t.begin = before.begin;
        t.end = after.text.size() == kSyllableBytes ? after.end : std::min(after.end, after.begin + kSyllableBytes);
        t.position = before.position;
        t.words = 2;
        out.push_back(std::move(t));
    }
    return out;
}

auto Analyzer::attached_syllables(const std::vector<Token>& words) -> std::vector<Token> {
    std::vector<Token> out;
    for (std::size_t i = 1; i < words.size(); ++i) {
        const Token& before = words[i - 1];
        const Token& t = words[i];
        if (t.kind != TokenKind::hangul || t.text.size() != 2 * kSyllableBytes || before.kind == TokenKind::hangul ||
            before.end != t.begin || t.join != Join::none) {
            continue;
        }
        Token one = t;
        one.text.resize(kSyllableBytes);
        if (t.end - t.begin == 2 * kSyllableBytes) one.end = t.begin + kSyllableBytes;
        out.push_back(std::move(one));
    }
    return out;
}

namespace {

// Whether the word's normalised text lines up with its source bytes at every
// dot and at sign: then a part's offsets are those of its separators in the
// source, which, being ASCII, fall between characters. The same length is not
// enough: "3ʹ.סּ" folds to "3'.סּ" of the same 7 bytes, its second part
// shifted by one.
auto separators_line_up(std::string_view source, const Token& w) -> bool {
    if (w.end - w.begin != w.text.size()) return false;
    for (std::size_t at = w.text.find_first_of(".@"); at != std::string::npos; at = w.text.find_first_of(".@", at + 1)) {
        if (source[w.begin + at] != w.text[at]) return false;
    }
    return true;
}

// The bytes of the figure a word starts with when the rest is a unit written
// on to it in ASCII letters (1.2bn, 47.9m, 10km, 1990s, 3rd); 0 otherwise.
auto figure_bytes(std::string_view text) -> std::size_t {
    auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    std::size_t n = 0;
    while (digit(n) || (n > 0 && (text[n] == '.' || text[n] == ',') && digit(n - 1) && digit(n + 1))) ++n;
    if (n == 0 || n == text.size()) return 0;
    for (std::size_t i = n; i < text.size(); ++i) {
        if (text[i] < 'a' || text[i] > 'z') return 0;
    }
    return n;
}

}  // namespace

auto Analyzer::figures(const std::vector<Token>& words) -> std::vector<Token> {
    std::vector<Token> out;
    for (const Token& w : words) {
        if (w.kind != TokenKind::letter) continue;
        const std::size_t n = figure_bytes(w.text);
        if (n == 0) continue;
        Token figure;
        figure.kind = TokenKind::number;
        figure.text = w.text.substr(0, n);
        figure.begin = w.begin;
        figure.end = w.end - w.begin == w.text.size() ? w.begin + n : w.end;  // its own bytes where they line up
        figure.position = w.position;
        out.push_back(std::move(figure));
    }
    for (const auto& filter : filters_) filter->apply(out);
    return out;
}

auto Analyzer::address_parts(std::string_view source, const std::vector<Token>& words) -> std::vector<Token> {
    std::vector<Token> out;
    for (const Token& w : words) {
        if (w.kind != TokenKind::letter || w.text.find_first_of(".@") == std::string::npos) continue;
        if (figure_bytes(w.text) > 0) continue;  // 1.2bn: a decimal point, not an address's dot
        const bool mapped = separators_line_up(source, w);
        std::size_t from = 0;
        while (from <= w.text.size()) {
            std::size_t to = w.text.find_first_of(".@", from);
            if (to == std::string::npos) to = w.text.size();
            if (to - from >= 2) {
                Token part;
                part.text = w.text.substr(from, to - from);
                part.begin = mapped ? w.begin + from : w.begin;
                part.end = mapped ? w.begin + to : w.end;
                part.position = w.position;
                out.push_back(std::move(part));
            }
            from = to + 1;
        }
    }
    for (const auto& filter : filters_) filter->apply(out);
    std::erase_if(out, [](const Token& t) { return t.kind != TokenKind::letter; });
    return out;
}

auto Analyzer::analyze_for_index(std::string_view utf8) -> std::vector<Token> {
    std::vector<Token> tokens = analyze(utf8);
    std::vector<Token> joined = compounds(tokens);
    std::vector<Token> spaced = spaced_bigrams(tokens);
    std::vector<Token> attached = attached_syllables(tokens);
    std::vector<Token> parts = address_parts(utf8, tokens);
    std::vector<Token> numbers = figures(tokens);
    for (auto* extra : {&joined, &spaced, &attached, &parts, &numbers}) {
        tokens.insert(tokens.end(), std::make_move_iterator(extra->begin()), std::make_move_iterator(extra->end()));
    }
    return tokens;
}

auto word_count(const std::vector<Token>& tokens) -> std::size_t {
    // Words are at positions 0..n-1; what follows sits at an earlier word's position.
    std::size_t n = 0;
    while (n < tokens.size() && tokens[n].position == n) ++n;
    return n;
}

auto make_default_analyzer() -> Analyzer {
    std::vector<std::unique_ptr<TokenFilter>> filters;
    filters.push_back(std::make_unique<NormalizeFilter>());
    filters.push_back(std::make_unique<HangulFilter>());
    filters.push_back(std::make_unique<StemFilter>());
    return Analyzer(std::make_unique<IcuWordTokenizer>(), std::move(filters));
}

}  // namespace fts
