#include "fts/index/terms.hpp"

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

auto article_id_term(std::string_view article_key) -> std::string {
    return std::string(kArticleId) + std::string(article_key);
}

}  // namespace fts::terms
