// Passage scores at query time, from the query terms' position lists.
//
// An article is one document; its passages are word ranges of its body
// (index/article_document.hpp). A passage scores BM25 over the query's body
// patterns (query/pattern.hpp) counted within its range: each pattern's
// weight is its idf (from the article collection) times its share of the
// query, with the term frequency saturated by k1 and normalised by the
// passage's length against the average passage (b). The idf is over
// passages, as if each were a document: estimated from the article and
// occurrence counts (assign_idf). Patterns marked as
// evidence (parts of dashed words) count only in a passage something else
// matched; closing boilerplate keeps `boilerplate_scale` of its score.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"
#include "fts/index/article_document.hpp"
#include "fts/query/pattern.hpp"

namespace fts {

struct PassageWeighting {
    double k1 = 1.0;
    double b = 0.5;
    double average_words = 100;      // of a passage, over the collection
    double boilerplate_scale = 0.3;
};

// Every indexed form the patterns' words can take, sorted and unique.
[[nodiscard]] auto all_forms(const std::vector<Pattern>& patterns) -> std::vector<std::string>;

// The body positions of indexed forms in one article document.
using FormPositions = std::unordered_map<std::string, std::vector<std::uint32_t>>;

// The body positions of `forms` (all_forms of the patterns) in each of
// `docids`, in their order; `articles` are their stored values.
//
// `docids` are those of the `shards` searched as one (Xapian interleaves
// them: shard (docid - 1) mod n). A local shard's positions are read form by
// form: one walk of the form's posting list, skipping to the articles in
// docid order, then one position list for each article that holds it. The
// query's posting lists are what the match just read, so this touches no
// article's term list and costs a bounded number of reads per form whatever
// the articles hold. A remote shard would answer each position list as a
// request of its own (xapian-tcpsrv has no batch of them), so its articles'
// positions are found in their stored text, which the search has already
// (Searcher: one exchange per shard), by the indexer's own analysis: the
// same tokens at the same positions, and no request at all.
struct Shard {
    Xapian::Database db;
    bool remote = false;  // served over the network (xapian-tcpsrv)
    std::string path;     // its folder or tcp:// address, for messages
};
[[nodiscard]] auto read_positions(const std::vector<Shard>& shards, const std::vector<Xapian::docid>& docids,
                                  const std::vector<const ArticleData*>& articles, const std::vector<std::string>& forms,
                                  Analyzer& analyzer) -> std::vector<FormPositions>;

// The body positions of `forms` (sorted) in an article, from its stored
// text: where the indexer put its unprefixed terms (the body's, then the
// title's after terms::title_offset).
[[nodiscard]] auto positions_in_text(const ArticleData& article, const std::vector<std::string>& forms,
                                     Analyzer& analyzer) -> FormPositions;

// Occurrences of word patterns in one article document, from its positions.
class IndexSource final : public WordSource {
  public:
    explicit IndexSource(const FormPositions& positions) : positions_(positions) {}
    [[nodiscard]] auto find(const Pattern& word) -> std::vector<Occurrence> override;

  private:
    const FormPositions& positions_;
};

// Gives every pattern (and its parts) its idf: BM25's over the `passages`
// of the index, from each pattern's estimated passage frequency.
void assign_idf(std::vector<Pattern>& patterns, const Xapian::Database& db, std::uint64_t passages);

struct PassageScores {
    std::vector<double> score;  // per passage, boilerplate scale applied
    // Per passage and pattern: the pattern's weight there (for --explain).
    std::vector<std::vector<double>> parts;
    [[nodiscard]] auto best() const -> std::size_t;  // the best passage (the first of equals); 0 when none scores
};

[[nodiscard]] auto score_passages(const std::vector<Pattern>& patterns, const std::vector<PassageRange>& passages,
                                  WordSource& source, const PassageWeighting& weighting) -> PassageScores;

}  // namespace fts
