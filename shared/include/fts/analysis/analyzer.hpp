// The analyzer: a tokenizer followed by a chain of token filters.
//
// One analyzer is used by the indexer, the query builder and the snippet
// highlighter, so a word is always turned into the same terms. Positions are
// renumbered 0..n-1 after the filters run (a dropped token leaves no gap).
//
// Thread safety: not thread-safe; build one per thread (make_default_analyzer
// is cheap enough to call per worker).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "fts/analysis/filters.hpp"
#include "fts/analysis/token.hpp"
#include "fts/analysis/tokenizer.hpp"

namespace fts {

class Analyzer {
  public:
    Analyzer(std::unique_ptr<Tokenizer> tokenizer, std::vector<std::unique_ptr<TokenFilter>> filters);

    [[nodiscard]] auto analyze(std::string_view utf8) const -> std::vector<Token>;

  private:
    std::unique_ptr<Tokenizer> tokenizer_;
    std::vector<std::unique_ptr<TokenFilter>> filters_;
};

// ICU word tokenizer + NormalizeFilter + StemFilter. Changing what this
// produces changes the index format: bump kAnalyzerVersion in index/terms.hpp.
[[nodiscard]] auto make_default_analyzer() -> Analyzer;

}  // namespace fts
