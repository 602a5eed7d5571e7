#include "fts/analysis/filters.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include "fts/error.hpp"

namespace fts {
namespace {

auto is_ascii(std::string_view s) -> bool {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

auto nfkc_casefold(const std::string& text) -> std::string {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw AnalysisError(std::string("ICU NFKC_Casefold: ") + u_errorName(status));
    icu::UnicodeString normalized = normalizer->normalize(icu::UnicodeString::fromUTF8(text), status);
    if (U_FAILURE(status)) throw AnalysisError(std::string("ICU normalize: ") + u_errorName(status));
    std::string out;
    normalized.toUTF8String(out);
    return out;
}

// Folds what writers spell either way: the diacritics of Latin letters
// ("café" = "cafe", "Tomás" = "tomas", "naïve" = "naive": marks that follow a
// Latin letter once decomposed) and Russian ё as е. Letters that are distinct
// in their language stay: the breve of Cyrillic й follows a Cyrillic letter,
// and letters without a decomposition (ø, ł, ß already "ss") are kept.
auto fold_variants(const std::string& text) -> std::string {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw AnalysisError(std::string("ICU NFD/NFC: ") + u_errorName(status));
    const icu::UnicodeString decomposed = nfd->normalize(icu::UnicodeString::fromUTF8(text), status);
    if (U_FAILURE(status)) throw AnalysisError(std::string("ICU normalize: ") + u_errorName(status));
    icu::UnicodeString kept;
    bool after_latin = false;
    UChar32 base = 0;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            const bool yo = base == 0x0435 && c == 0x0308;  // ё decomposes to е + diaeresis
            if (!after_latin && !yo) kept.append(c);
            continue;
        }
        UErrorCode script_status = U_ZERO_ERROR;
        after_latin = uscript_getScript(c, &script_status) == USCRIPT_LATIN;
        base = c;
        kept.append(c);
    }
    const icu::UnicodeString composed = nfc->normalize(kept, status);
    if (U_FAILURE(status)) throw AnalysisError(std::string("ICU normalize: ") + u_errorName(status));
    std::string out;
    composed.toUTF8String(out);
    return out;
}

// Every apostrophe look-alike becomes the ASCII one, so "Russia’s" == "Russia's".
// One pass that copies into a new string (in-place replace() also trips a
// false -Wrestrict warning in GCC 12).
void unify_apostrophes(std::string& s) {
    static constexpr std::string_view variants[] = {"\u2019", "\u2018", "\u02BC", "\u02B9", "\u2032", "\u00B4", "`"};
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::string_view rest = std::string_view(s).substr(i);
        const auto* v = std::find_if(std::begin(variants), std::end(variants),
                                     [&](std::string_view x) { return rest.substr(0, x.size()) == x; });
        if (v != std::end(variants)) {
            out.push_back('\'');
            i += v->size();
        } else {
            out.push_back(s[i++]);
        }
    }
    s = std::move(out);
}

void trim_edge_marks(std::string& s) {
    auto is_mark = [](char c) { return c == '\'' || c == '_'; };
    while (!s.empty() && is_mark(s.back())) s.pop_back();
    std::size_t lead = 0;
    while (lead < s.size() && is_mark(s[lead])) ++lead;
    s.erase(0, lead);
}

enum class Script { latin, cyrillic, other };

auto script_of(std::string_view word) -> Script {
    int32_t i = 0;
    const auto n = static_cast<int32_t>(word.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(reinterpret_cast<const uint8_t*>(word.data()), i, n, c);
        if (c < 0 || !u_isalpha(c)) continue;
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (script == USCRIPT_LATIN) return Script::latin;
        if (script == USCRIPT_CYRILLIC) return Script::cyrillic;
        return Script::other;
    }
    return Script::other;
}

}  // namespace

void NormalizeFilter::apply(std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        if (is_ascii(token.text)) {
            std::transform(token.text.begin(), token.text.end(), token.text.begin(),
                           [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
        } else {
            token.text = fold_variants(nfkc_casefold(token.text));
            unify_apostrophes(token.text);
        }
        trim_edge_marks(token.text);
    }
    std::erase_if(tokens, [](const Token& t) { return t.text.empty(); });
}

struct StemFilter::Impl {
    Xapian::Stem english{"english"};
    Xapian::Stem russian{"russian"};
};

StemFilter::StemFilter() : impl_(std::make_unique<Impl>()) {}
StemFilter::~StemFilter() = default;

void StemFilter::apply(std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        token.stem.clear();
        if (token.kind != TokenKind::letter) continue;
        switch (script_of(token.text)) {
            case Script::latin: token.stem = impl_->english(token.text); break;
            case Script::cyrillic: token.stem = impl_->russian(token.text); break;
            case Script::other: break;
        }
    }
}

}  // namespace fts
