#include "fts/index/terms.hpp"

#include <algorithm>
#include <tuple>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "fts/document/metadata.hpp"
#include "fts/util/hash.hpp"

namespace fts::terms {

auto exact(std::string_view prefix, const Token& token) -> std::string {
    if (token.kind == TokenKind::hangul && token.words == 2) return spaced(prefix, token);
    std::string term(prefix);
    term += token.text;
    return term;
}

auto spaced(std::string_view prefix, const Token& token) -> std::string {
    std::string term(prefix);
    term += kSpacedMark;
    term += token.text;
    return term;
}

auto stemmed(std::string_view prefix, const Token& token) -> std::string {
    if (token.stem.empty()) return {};
    std::string term(kStemmed);
    term += prefix;
    term += token.stem;
    return term;
}

auto loose(std::string_view prefix, const Token& token) -> std::string {
    std::string term = stemmed(prefix, token);
    return term.empty() ? exact(prefix, token) : term;
}

namespace {

// Date `d`'s term under `prefix`: the first `digits` of its sortable form.
auto date_term(std::string_view prefix, const Date& d, std::size_t digits) -> std::string {
    std::string term(prefix);
    term.append(d.sortable(), 0, digits);
    return term;
}

}  // namespace

auto date_terms(const Date& d) -> std::vector<std::string> {
    std::vector<std::string> out{date_term(kYear, d, 4)};
    if (d.month > 0) out.push_back(date_term(kMonth, d, 6));
    if (d.month > 0 && d.day > 0) out.push_back(date_term(kDay, d, 8));
    return out;
}

auto date_range_terms(const Date& from, const Date& to, std::size_t most) -> std::vector<std::string> {
    const auto within = [&](int y, int m, int d) { return std::tie(y, m, d) <= std::tie(to.year, to.month, to.day); };
    std::vector<std::string> out;
    int y = from.year, m = from.month, d = from.day;
    while (within(y, m, d)) {
        if (out.size() == most) return {};
        if (m == 1 && d == 1 && within(y, 12, 31)) {
            out.push_back(date_term(kYear, Date{y, 0, 0}, 4));
            ++y;
            continue;
        }
        if (d == 1 && within(y, m, days_in_month(y, m))) {
            out.push_back(date_term(kMonth, Date{y, m, 0}, 6));
        } else {
            out.push_back(date_term(kDay, Date{y, m, d}, 8));
            if (++d <= days_in_month(y, m)) continue;
        }
        d = 1;
        if (++m > 12) {
            m = 1;
            ++y;
        }
    }
    return out;
}

auto is_spelling_word(std::string_view term) -> bool {
    if (term.size() < kMinSpellingLetters || !is_unprefixed(term)) return false;
    if (std::all_of(term.begin(), term.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return true;
    std::size_t letters = 0;
    const auto length = static_cast<int32_t>(term.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(term.data(), i, length, c);
        if (c < 0 || !u_isalpha(c)) return false;
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (script != USCRIPT_LATIN && script != USCRIPT_CYRILLIC && script != USCRIPT_GREEK) return false;
        ++letters;
    }
    return letters >= kMinSpellingLetters;
}

auto article_id_term(std::string_view article_key) -> std::string {
    std::string term(kArticleId);  // appended: GCC 12 warns falsely (-Wrestrict) on string + string here
    term += article_key;
    return term;
}

auto key_bucket_term(std::string_view article_key) -> std::string {
    std::string term(kKeyBucket);
    term += article_key.substr(0, 2);
    return term;
}

auto key_bucket_term(unsigned bucket) -> std::string {
    return key_bucket_term(to_hex(static_cast<std::uint64_t>(bucket) << 56));  // the bucket's first key
}

}  // namespace fts::terms
