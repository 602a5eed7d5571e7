#include "fts/query/spelling.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <vector>

#include <unicode/utf8.h>

namespace fts {
namespace {

auto code_points(std::string_view s) -> std::u32string {
    std::u32string out;
    const auto length = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(s.data(), i, length, c);
        out.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
    }
    return out;
}

auto has_digit(std::string_view s) -> bool {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Optimal string alignment distance with three rolling rows, abandoned as soon
// as a whole row exceeds the limit.
auto osa_distance(const std::u32string& a, const std::u32string& b, std::size_t limit) -> std::size_t {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
    std::iota(previous.begin(), previous.end(), std::size_t{0});
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = i;
        std::size_t row_min = current[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
            row_min = std::min(row_min, current[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[m], limit + 1);
}

// The bytes of the code point starting at byte `at`.
auto code_point_at(std::string_view s, std::size_t at) -> std::string {
    auto i = static_cast<int32_t>(at);
    UChar32 c = 0;
    U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
    return std::string(s.substr(at, static_cast<std::size_t>(i) - at));
}

}  // namespace

auto edit_distance(std::string_view a, std::string_view b, std::size_t limit) -> std::size_t {
    return osa_distance(code_points(a), code_points(b), limit);
}

auto max_correction_distance(std::size_t code_points) -> std::size_t {
    if (code_points < 6) return 0;
    return code_points < 10 ? 1 : 2;
}

auto nearest_indexed_word(const Xapian::Database& db, std::string_view word) -> std::optional<std::string> {
    if (word.empty() || has_digit(word)) return std::nullopt;
    const std::u32string target = code_points(word);
    const std::size_t limit = max_correction_distance(target.size());
    if (limit == 0) return std::nullopt;

    const std::string first = code_point_at(word, 0);
    std::vector<std::string> starts{first};
    if (first.size() < word.size()) {
        const std::string second = code_point_at(word, first.size());
        if (second != first) starts.push_back(second);
    }
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    std::size_t best_length_change = 0;
    Xapian::doccount best_frequency = 0;
    for (const std::string& start : starts) {
        for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
            const std::string term = *it;
            if (has_digit(term)) continue;
            const std::u32string candidate = code_points(term);
            const std::size_t d = osa_distance(target, candidate, std::min(limit, best_distance));
            if (d > limit || d == 0) continue;
            const std::size_t length_change =
                candidate.size() > target.size() ? candidate.size() - target.size() : target.size() - candidate.size();
            const Xapian::doccount frequency = it.get_termfreq();
            const auto rank = std::make_tuple(d, length_change, -static_cast<long long>(frequency));
            const auto best_rank = std::make_tuple(best_distance, best_length_change, -static_cast<long long>(best_frequency));
            if (!best || rank < best_rank || (rank == best_rank && term < *best)) {
                best = term;
                best_distance = d;
                best_length_change = length_change;
                best_frequency = frequency;
            }
        }
    }
    return best;
}

}  // namespace fts
