#include "fts/query/pattern.hpp"

#include <algorithm>
#include <map>

#include "fts/analysis/filters.hpp"
#include "fts/index/terms.hpp"

namespace fts {
namespace {

void sort_unique(std::vector<Occurrence>& v) {
    std::sort(v.begin(), v.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.first != b.first ? a.first < b.first : a.last > b.last;
    });
    v.erase(std::unique(v.begin(), v.end(), [](const Occurrence& a, const Occurrence& b) { return a.first == b.first; }),
            v.end());
}

auto match_phrase(const Pattern& p, WordSource& source) -> std::vector<Occurrence> {
    if (p.children.empty()) return {};
    std::vector<std::vector<Occurrence>> at;
    for (const Pattern& c : p.children) {
        at.push_back(source.find(c));
        if (at.back().empty()) return {};
    }
    std::vector<Occurrence> out;
    for (const Occurrence& start : at[0]) {
        bool all = true;
        std::uint32_t last = start.last;
        for (std::size_t k = 1; k < at.size() && all; ++k) {
            const auto want = static_cast<std::uint32_t>(start.first + k);
            const auto found = std::lower_bound(at[k].begin(), at[k].end(), want,
                                                [](const Occurrence& o, std::uint32_t w) { return o.first < w; });
            all = found != at[k].end() && found->first == want;
            if (all) last = std::max(last, found->last);
        }
        if (all) out.push_back({start.first, last});
    }
    return out;
}

// Windows of at most p.window positions holding an occurrence of every child.
auto match_near(const Pattern& p, WordSource& source) -> PatternMatches {
    struct Tagged {
        Occurrence at;
        std::size_t child;
    };
    std::vector<Tagged> all;
    for (std::size_t c = 0; c < p.children.size(); ++c) {
        const PatternMatches m = match_pattern(p.children[c], source);
        if (m.hits.empty()) return {};
        for (const Occurrence& o : m.hits) all.push_back({o, c});
    }
    std::sort(all.begin(), all.end(), [](const Tagged& a, const Tagged& b) { return a.at.first < b.at.first; });
    PatternMatches out;
    std::vector<std::size_t> count(p.children.size(), 0);
    std::size_t present = 0, left = 0;
    std::vector<bool> marked(all.size(), false);
    for (std::size_t right = 0; right < all.size(); ++right) {
        if (count[all[right].child]++ == 0) ++present;
        // Shrink from the left while every child stays in the window.
        while (present == p.children.size() && count[all[left].child] > 1) --count[all[left++].child];
        if (present < p.children.size()) continue;
        std::uint32_t last = 0;
        for (std::size_t i = left; i <= right; ++i) last = std::max(last, all[i].at.last);
        if (last - all[left].at.first + 1 > p.window) continue;
        out.hits.push_back({all[left].at.first, last});
        for (std::size_t i = left; i <= right; ++i) marked[i] = true;
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (marked[i]) out.marks.push_back(all[i].at);
    }
    sort_unique(out.hits);
    sort_unique(out.marks);
    return out;
}

}  // namespace

auto TokenSource::find(const Pattern& word) -> std::vector<Occurrence> {
    std::vector<Occurrence> out;
    // One Hangul syllable is also the first of a bigram (HangulFilter).
    const bool syllable = is_one_syllable(word.term);
    for (const Token& t : tokens_) {
        const std::string key = word.loose ? terms::loose("", t) : terms::exact("", t);
        // Other spellings: variants, or a Hangul bigram written across a space.
        const bool variant = std::find(word.variants.begin(), word.variants.end(), key) != word.variants.end();
        if (key == word.term || variant || (word.prefix && t.words == 1 && key.starts_with(word.term)) ||
            (syllable && t.kind == TokenKind::hangul && t.words == 1 && t.text.starts_with(word.term))) {
            out.push_back({t.position, t.position + t.words - 1});
        }
    }
    sort_unique(out);
    return out;
}

auto match_pattern(const Pattern& pattern, WordSource& source) -> PatternMatches {
    PatternMatches m;
    switch (pattern.kind) {
        case Pattern::Kind::word: m.hits = source.find(pattern); break;
        case Pattern::Kind::phrase: m.hits = match_phrase(pattern, source); break;
        case Pattern::Kind::any:
            for (const Pattern& c : pattern.children) {
                const PatternMatches cm = match_pattern(c, source);
                m.hits.insert(m.hits.end(), cm.hits.begin(), cm.hits.end());
            }
            sort_unique(m.hits);
            break;
        case Pattern::Kind::near: return match_near(pattern, source);
    }
    m.marks = m.hits;
    return m;
}

}  // namespace fts
