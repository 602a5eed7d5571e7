#include "fts/analysis/tokenizer.hpp"

#include <unicode/brkiter.h>
#include <unicode/rbbi.h>
#include <unicode/udata.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "fts/error.hpp"

namespace fts {
namespace {

void check(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) {
        throw AnalysisError(std::string("ICU ") + what + " failed: " + u_errorName(status));
    }
}

// Closes a UText on scope exit.
struct UTextCloser {
    UText* text;
    ~UTextCloser() { utext_close(text); }
};

auto open_utf8(std::string_view utf8, UText* storage) -> UText* {
    UErrorCode status = U_ZERO_ERROR;
    UText* text = utext_openUTF8(storage, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    check(status, "utext_openUTF8");
    return text;
}

auto is_dash(UChar32 c) -> bool {
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63 || c == 0xFF0D;
}

// Join::dash when the bytes between two tokens are only dashes, Join::slash
// when they are dashes and at least one slash: the tokens were written as one
// hyphenated (or slashed) word. Join::space when they are white space with at
// most one line break (the same paragraph).
auto join_of(std::string_view gap) -> Join {
    if (gap.empty()) return Join::none;
    if (gap.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return std::count(gap.begin(), gap.end(), '\n') <= 1 ? Join::space : Join::none;
    }
    Join join = Join::dash;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(gap.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(reinterpret_cast<const uint8_t*>(gap.data()), i, n, c);
        if (c == '/' || c == 0xFF0F) join = Join::slash;
        else if (!is_dash(c)) return Join::none;
    }
    return join;
}

// ICU's compiled break rules `name` ("word", "sent", "char"), opened once for
// the process and closed at its exit, after the iterators that read them.
auto compiled_rules(const std::string& name) -> const uint8_t* {
    struct Opened {
        std::mutex mutex;
        std::map<std::string, UDataMemory*> rules;
        ~Opened() {
            for (auto& [n, data] : rules) udata_close(data);
        }
    };
    static Opened opened;
    const std::lock_guard<std::mutex> lock(opened.mutex);
    UDataMemory*& data = opened.rules[name];
    if (data == nullptr) {
        UErrorCode status = U_ZERO_ERROR;
        data = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "brk", name.c_str(), &status);
        if (U_FAILURE(status)) {
            opened.rules.erase(name);
            check(status, "udata_open of the break rules");
        }
    }
    return static_cast<const uint8_t*>(udata_getMemory(data));
}

// A break iterator over ICU's compiled rules `name`: the rules
// createWordInstance, createSentenceInstance and createCharacterInstance find
// for the root locale, and for English. The same iterator, without resolving a
// locale: building ICU's locale cache cost a search process about as much as
// reading the rules.
auto open_rules(const std::string& name) -> std::unique_ptr<icu::BreakIterator> {
    const uint8_t* rules = compiled_rules(name);
    // The compiled rules' header holds their length after a magic number and a version.
    std::uint32_t length = 0;
    std::memcpy(&length, rules + 2 * sizeof(std::uint32_t), sizeof length);
    UErrorCode status = U_ZERO_ERROR;
    auto it = std::make_unique<icu::RuleBasedBreakIterator>(rules, length, status);
    check(status, "RuleBasedBreakIterator");
    return it;
}

auto kind_of(int32_t rule_status) -> TokenKind {
    if (rule_status >= UBRK_WORD_NUMBER && rule_status < UBRK_WORD_NUMBER_LIMIT) return TokenKind::number;
    if (rule_status >= UBRK_WORD_KANA && rule_status < UBRK_WORD_IDEO_LIMIT) return TokenKind::ideographic;
    return TokenKind::letter;
}

}  // namespace

struct IcuWordTokenizer::Impl {
    std::unique_ptr<icu::BreakIterator> words;
};

IcuWordTokenizer::IcuWordTokenizer() : impl_(std::make_unique<Impl>()) {
    impl_->words = open_rules("word");
}

IcuWordTokenizer::~IcuWordTokenizer() = default;

auto IcuWordTokenizer::tokenize(std::string_view utf8) -> std::vector<Token> {
    std::vector<Token> tokens;
    if (utf8.empty()) return tokens;
    UText storage = UTEXT_INITIALIZER;
    UTextCloser closer{open_utf8(utf8, &storage)};
    UErrorCode status = U_ZERO_ERROR;
    impl_->words->setText(closer.text, status);
    check(status, "BreakIterator::setText");

    std::size_t previous_end = std::string_view::npos;
    int32_t start = impl_->words->first();
    for (int32_t end = impl_->words->next(); end != icu::BreakIterator::DONE;
         start = end, end = impl_->words->next()) {
        const int32_t rule = impl_->words->getRuleStatus();
        if (rule >= UBRK_WORD_NONE && rule < UBRK_WORD_NONE_LIMIT) continue;  // space, punctuation
        Token token;
        token.begin = static_cast<std::size_t>(start);
        token.end = static_cast<std::size_t>(end);
        token.text.assign(utf8.substr(token.begin, token.end - token.begin));
        token.kind = kind_of(rule);
        token.position = static_cast<std::uint32_t>(tokens.size());
        if (previous_end != std::string_view::npos) token.join = join_of(utf8.substr(previous_end, token.begin - previous_end));
        previous_end = token.end;
        tokens.push_back(std::move(token));
    }
    return tokens;
}

namespace {

enum class Breaks { sentences, characters };

// This thread's break iterator of one kind (costly to create), set to the
// text that `text` (open, closed by the caller) holds.
auto thread_iterator(Breaks kind, UText* text) -> icu::BreakIterator& {
    thread_local std::unique_ptr<icu::BreakIterator> sentences, characters;
    std::unique_ptr<icu::BreakIterator>& it = kind == Breaks::sentences ? sentences : characters;
    UErrorCode status = U_ZERO_ERROR;
    if (!it) it = open_rules(kind == Breaks::sentences ? "sent" : "char");
    it->setText(text, status);
    check(status, "BreakIterator::setText");
    return *it;
}

}  // namespace

auto split_sentences(std::string_view utf8) -> std::vector<Span> {
    std::vector<Span> spans;
    if (utf8.empty()) return spans;
    UText storage = UTEXT_INITIALIZER;
    UTextCloser closer{open_utf8(utf8, &storage)};
    icu::BreakIterator& sentences = thread_iterator(Breaks::sentences, closer.text);
    int32_t start = sentences.first();
    for (int32_t end = sentences.next(); end != icu::BreakIterator::DONE; start = end, end = sentences.next()) {
        auto b = static_cast<std::size_t>(start);
        auto e = static_cast<std::size_t>(end);
        while (e > b && (utf8[e - 1] == ' ' || utf8[e - 1] == '\n' || utf8[e - 1] == '\r' || utf8[e - 1] == '\t')) --e;
        while (b < e && (utf8[b] == ' ' || utf8[b] == '\n' || utf8[b] == '\r' || utf8[b] == '\t')) ++b;
        if (e > b) spans.push_back({b, e});
    }
    return spans;
}

Graphemes::Graphemes(std::string_view utf8) {
    bounds_.push_back(0);
    if (utf8.empty()) return;
    UText storage = UTEXT_INITIALIZER;
    UTextCloser closer{open_utf8(utf8, &storage)};
    icu::BreakIterator& characters = thread_iterator(Breaks::characters, closer.text);
    characters.first();
    for (int32_t b = characters.next(); b != icu::BreakIterator::DONE; b = characters.next()) {
        bounds_.push_back(static_cast<std::size_t>(b));
    }
    if (bounds_.back() != utf8.size()) bounds_.push_back(utf8.size());
}

auto Graphemes::index(std::size_t byte) const -> std::size_t {
    return static_cast<std::size_t>(std::upper_bound(bounds_.begin(), bounds_.end(), byte) - bounds_.begin()) - 1;
}

auto Graphemes::count(std::size_t begin, std::size_t end) const -> std::size_t {
    return end > begin ? index(end) - index(begin) : 0;
}

auto Graphemes::advance(std::size_t begin, std::size_t n) const -> std::size_t {
    const std::size_t at = index(begin) + n;
    return at < bounds_.size() ? bounds_[at] : bounds_.back();
}

}  // namespace fts
