#include "fts/analysis/analyzer.hpp"

namespace fts {

Analyzer::Analyzer(std::unique_ptr<Tokenizer> tokenizer, std::vector<std::unique_ptr<TokenFilter>> filters)
    : tokenizer_(std::move(tokenizer)), filters_(std::move(filters)) {}

auto Analyzer::analyze(std::string_view utf8) const -> std::vector<Token> {
    std::vector<Token> tokens = tokenizer_->tokenize(utf8);
    for (const auto& filter : filters_) filter->apply(tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) tokens[i].position = static_cast<std::uint32_t>(i);
    return tokens;
}

auto make_default_analyzer() -> Analyzer {
    std::vector<std::unique_ptr<TokenFilter>> filters;
    filters.push_back(std::make_unique<NormalizeFilter>());
    filters.push_back(std::make_unique<StemFilter>());
    return Analyzer(std::make_unique<IcuWordTokenizer>(), std::move(filters));
}

}  // namespace fts
