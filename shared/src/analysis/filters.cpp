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


// An English possessive ending, "'s", is not part of the word: "Korea's" is
// the term "korea", so the phrase "North Korea" finds "North Korea's leader"
// and Kim Jong-un finds "Kim Jong-un's" (the stem already dropped it). Latin
// words only, and not a bare "'s".
void strip_possessive(std::string& s) {
    if (s.size() > 2 && s.ends_with("'s") && script_of(s) == Script::latin) s.resize(s.size() - 2);
}

// A number in one spelling: grouping commas dropped ("28,500" is 28500, as
// "1,000.5" is 1000.5) and a decimal comma made a point ("47,9" is 47.9, as
// Russian writes it), so a figure is found however the text groups it.
// Anything else (lists such as "1,2,3", "1.000,5") stays as written.
void unify_number(std::string& s) {
    const std::size_t comma = s.find(',');
    if (comma == std::string::npos || s.find_first_not_of("0123456789,.") != std::string::npos) return;
    const std::size_t point = s.find('.');
    const std::string_view whole = std::string_view(s).substr(0, std::min(point, s.size()));
    // Groups of three after the first comma, before any decimal point.
    bool grouped = comma >= 1 && comma <= 3 && (point == std::string::npos || point > comma);
    for (std::size_t at = comma; grouped && at < whole.size(); at += 4) {
        grouped = whole[at] == ',' && at + 4 <= whole.size() &&
                  whole.substr(at + 1, 3).find_first_not_of("0123456789") == std::string_view::npos &&
                  (at + 4 == whole.size() || whole[at + 4] == ',');
    }
    if (grouped && (point == std::string::npos || s.find('.', point + 1) == std::string::npos)) {
        std::erase(s, ',');
        return;
    }
    // One comma, no point, and not three digits after it: a decimal comma.
    if (point == std::string::npos && s.find(',', comma + 1) == std::string::npos && comma > 0 && s.size() - comma - 1 != 3 &&
        comma + 1 < s.size()) {
        s[comma] = '.';
    }
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
        strip_possessive(token.text);
        if (token.kind == TokenKind::number) unify_number(token.text);
    }
    std::erase_if(tokens, [](const Token& t) { return t.text.empty(); });
}

auto is_hangul_syllable(char32_t c) -> bool { return c >= 0xAC00 && c <= 0xD7A3; }

auto starts_with_syllable(std::string_view utf8) -> bool {
    if (utf8.size() < kSyllableBytes) return false;
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(utf8[i]); };
    if ((b(0) & 0xF0) != 0xE0 || (b(1) & 0xC0) != 0x80 || (b(2) & 0xC0) != 0x80) return false;
    return is_hangul_syllable((char32_t{b(0)} & 0x0F) << 12 | (char32_t{b(1)} & 0x3F) << 6 | (char32_t{b(2)} & 0x3F));
}

auto is_one_syllable(std::string_view utf8) -> bool { return utf8.size() == kSyllableBytes && starts_with_syllable(utf8); }

namespace {

// South Korean spelling's initial-sound rule (두음 법칙), applied so that
// North Korean spellings meet South Korean ones: 로동 = 노동, 력사 = 역사,
// 리유 = 이유, 녀성 = 여성. Only at the start of a phrase, where South Korean
// applies it: inside words both write ㄹ and ㄴ alike (경력, 남녀), and
// rewriting them there makes 관리 the 관이 of 장관이 (bench/korean).
auto initial_sound_rule(char32_t syllable) -> char32_t {
    constexpr char32_t kBase = 0xAC00, kPerInitial = 21 * 28;
    constexpr unsigned kNieun = 2, kRieul = 5, kIeung = 11;
    const unsigned index = static_cast<unsigned>(syllable - kBase);
    unsigned initial = index / kPerInitial;
    const unsigned vowel = index % kPerInitial / 28, final = index % 28;
    // ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ: the vowels that begin with i or y.
    const bool iy = vowel == 2 || vowel == 6 || vowel == 7 || vowel == 12 || vowel == 17 || vowel == 20;
    if (initial == kRieul) initial = iy ? kIeung : kNieun;
    else if (initial == kNieun && iy) initial = kIeung;
    return kBase + (initial * 21 + vowel) * 28 + final;
}

void append_utf8(std::string& out, char32_t c) {
    char buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buf), n, static_cast<UChar32>(c));  // c is a syllable
    out.append(buf, static_cast<std::size_t>(n));
}

// One stretch of a token's text: Hangul syllables or anything else.
struct Piece {
    std::size_t begin, end;   // in the token's text
    bool hangul;
    std::vector<std::size_t> syllables;  // byte offsets of each syllable in the text, then end
};

auto pieces_of(std::string_view text) -> std::vector<Piece> {
    std::vector<Piece> pieces;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(text.size());
    while (i < n) {
        const int32_t at = i;
        UChar32 c;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, n, c);
        const bool hangul = c >= 0 && is_hangul_syllable(static_cast<char32_t>(c));
        if (pieces.empty() || pieces.back().hangul != hangul) {
            pieces.push_back({static_cast<std::size_t>(at), static_cast<std::size_t>(at), hangul, {}});
        }
        if (hangul) pieces.back().syllables.push_back(static_cast<std::size_t>(at));
        pieces.back().end = static_cast<std::size_t>(i);
    }
    for (Piece& p : pieces) {
        if (p.hangul) p.syllables.push_back(p.end);
    }
    return pieces;
}

}  // namespace

void HangulFilter::apply(std::vector<Token>& tokens) {
    const bool any = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) {
        return t.text.find_first_of("\xEA\xEB\xEC\xED") != std::string::npos;  // lead bytes of U+A000..U+DFFF
    });
    if (!any) return;
    std::vector<Token> out;
    out.reserve(tokens.size());
    for (Token& token : tokens) {
        const std::vector<Piece> pieces = pieces_of(token.text);
        if (std::none_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.hangul; })) {
            out.push_back(std::move(token));
            continue;
        }
        // Source offsets of text offsets: one to one when normalisation kept
        // the length (it keeps composed Hangul); else the whole token.
        const bool mapped = token.end - token.begin == token.text.size();
        auto source = [&](std::size_t at) { return mapped ? token.begin + at : token.begin; };
        for (std::size_t k = 0; k < pieces.size(); ++k) {
            const Piece& p = pieces[k];
            const Join join = k == 0 ? token.join : Join::none;
            if (!p.hangul) {
                Token t = token;
                t.text = token.text.substr(p.begin, p.end - p.begin);
                t.begin = source(p.begin);
                t.end = mapped ? source(p.end) : token.end;
                t.join = join;
                if (k > 0 || k + 1 < pieces.size()) {
                    const bool digits = std::all_of(t.text.begin(), t.text.end(), [](char c) { return c >= '0' && c <= '9'; });
                    if (digits) t.kind = TokenKind::number;
                }
                out.push_back(std::move(t));
                continue;
            }
            std::vector<std::string> syllables;
            for (std::size_t s = 0; s + 1 < p.syllables.size(); ++s) {
                UChar32 c;
                int32_t i = static_cast<int32_t>(p.syllables[s]);
                U8_NEXT(reinterpret_cast<const uint8_t*>(token.text.data()), i, static_cast<int32_t>(token.text.size()), c);
                std::string one;
                const auto syllable = static_cast<char32_t>(c);
                append_utf8(one, k == 0 && s == 0 ? initial_sound_rule(syllable) : syllable);
                syllables.push_back(std::move(one));
            }
            const std::size_t n = syllables.size();
            for (std::size_t s = 0; s < n; ++s) {
                Token t;
                t.kind = TokenKind::hangul;
                t.join = s == 0 ? join : Join::none;
                const bool pair = s + 1 < n;
                t.text = pair ? syllables[s] + syllables[s + 1] : syllables[s];
                t.tail = !pair && n > 1;
                t.begin = source(p.syllables[s]);
                t.end = mapped ? source(p.syllables[pair ? s + 2 : s + 1]) : token.end;
                out.push_back(std::move(t));
            }
        }
    }
    tokens = std::move(out);
}

namespace {

// Snowball's Russian stemmer reads a final н, на, ны or но after а or я as the
// ending of a short participle (сделан, сделана) and drops it, in nouns too:
// Иран, Ирана and Пхеньян get the stems "ира" and "пхенья", while Иране,
// Ираном and Пхеньяне keep the н ("иран", "пхеньян"), so a search for one
// form missed the others (Пакистан, Тегеран, океан, Пашинян alike). The н
// is put back: every form of such a noun has one stem. A short participle
// then has a stem of its own (подписан, подписано: "подписан"; подписал:
// "подписа").
auto russian_stem(const Xapian::Stem& stemmer, const std::string& word) -> std::string {
    std::string stem = stemmer(word);
    if (!(stem.ends_with("\u0430") || stem.ends_with("\u044F")) || !word.starts_with(stem)) return stem;  // а, я
    const std::string_view ending = std::string_view(word).substr(stem.size());
    for (const std::string_view dropped : {"\u043D", "\u043D\u0430", "\u043D\u044B", "\u043D\u043E"}) {  // н на ны но
        if (ending == dropped) return stem + "\u043D";
    }
    return stem;
}

}  // namespace

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
            case Script::cyrillic: token.stem = russian_stem(impl_->russian, token.text); break;
            case Script::other: break;
        }
    }
}

}  // namespace fts
