#include "fts/ranking/passage_scorer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "fts/index/terms.hpp"

namespace fts {
namespace {

// How many passages hold what a pattern matches, estimated: the index counts
// articles (df) and occurrences (cf); a word in df articles is in at least df
// passages and at most in cf, or in all passages of its articles. Phrases and
// NEAR: their rarest part.
auto frequency(const Pattern& p, const Xapian::Database& db, double passages_per_article) -> double {
    switch (p.kind) {
        case Pattern::Kind::word: {
            const double df = db.get_termfreq(p.term);
            return std::max(df, std::min<double>(db.get_collection_freq(p.term), df * passages_per_article));
        }
        case Pattern::Kind::any: {
            double f = 0;
            for (const Pattern& c : p.children) f = std::max(f, frequency(c, db, passages_per_article));
            return f;
        }
        case Pattern::Kind::phrase:
        case Pattern::Kind::near: break;
    }
    double f = std::numeric_limits<double>::max();
    for (const Pattern& c : p.children) f = std::min(f, frequency(c, db, passages_per_article));
    return p.children.empty() ? 0.0 : f;
}

// Xapian's BM25 term weight without relevance information.
auto bm25_idf(double n, double df) -> double {
    double tw = (n - df + 0.5) / (df + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    return std::log(tw);
}

void assign(Pattern& p, const Xapian::Database& db, double passages, double per_article) {
    p.idf = bm25_idf(passages, frequency(p, db, per_article));
    for (Pattern& c : p.children) assign(c, db, passages, per_article);
}

// How many of `hits` (sorted) start within each passage.
auto per_passage(const std::vector<Occurrence>& hits, const std::vector<PassageRange>& passages)
    -> std::vector<std::uint32_t> {
    std::vector<std::uint32_t> tf(passages.size(), 0);
    std::size_t h = 0;
    for (std::size_t j = 0; j < passages.size() && h < hits.size(); ++j) {
        const std::uint32_t begin = passages[j].first_word, end = begin + passages[j].words;
        while (h < hits.size() && hits[h].first < begin) ++h;
        while (h < hits.size() && hits[h].first < end) {
            ++tf[j];
            ++h;
        }
    }
    return tf;
}

void collect_forms(const Pattern& p, std::vector<std::string>& out) {
    out.insert(out.end(), p.forms.begin(), p.forms.end());
    for (const Pattern& c : p.children) collect_forms(c, out);
}

}  // namespace

auto all_forms(const std::vector<Pattern>& patterns) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const Pattern& p : patterns) collect_forms(p, out);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

auto positions_in_text(const ArticleData& article, const std::vector<std::string>& forms, Analyzer& analyzer)
    -> FormPositions {
    FormPositions out;
    auto add = [&](const std::vector<Token>& tokens, Xapian::termpos offset) {
        for (const Token& t : tokens) {
            const std::string term = terms::exact("", t);
            if (term.size() > terms::kMaxTermBytes || !std::binary_search(forms.begin(), forms.end(), term)) continue;
            out[term].push_back(offset + t.position);
        }
    };
    const std::vector<Token> body = analyzer.analyze_for_index(article.body);
    add(body, 0);
    add(analyzer.analyze_for_index(article.title), terms::title_offset(word_count(body)));
    // Each form's positions in order and once, as a position list has them.
    for (auto& [form, at] : out) {
        std::sort(at.begin(), at.end());
        at.erase(std::unique(at.begin(), at.end()), at.end());
    }
    return out;
}

auto read_positions(const std::vector<Shard>& shards, const std::vector<Xapian::docid>& docids,
                    const std::vector<const ArticleData*>& articles, const std::vector<std::string>& forms,
                    Analyzer& analyzer) -> std::vector<FormPositions> {
    std::vector<FormPositions> out(docids.size());
    if (forms.empty()) return out;
    const std::size_t n = std::max<std::size_t>(shards.size(), 1);
    for (std::size_t k = 0; k < shards.size(); ++k) {
        std::vector<std::pair<Xapian::docid, std::size_t>> local;  // (docid in the shard, index in docids)
        for (std::size_t i = 0; i < docids.size(); ++i) {
            if ((docids[i] - 1) % n == k) local.emplace_back(static_cast<Xapian::docid>((docids[i] - 1) / n + 1), i);
        }
        if (shards[k].remote) {
            for (const auto& [did, i] : local) out[i] = positions_in_text(*articles[i], forms, analyzer);
            continue;
        }
        std::sort(local.begin(), local.end());
        const Xapian::Database& db = shards[k].db;
        for (const std::string& form : forms) {
            Xapian::PostingIterator post = db.postlist_begin(form);
            const Xapian::PostingIterator end = db.postlist_end(form);
            for (const auto& [did, i] : local) {
                if (post == end) break;
                post.skip_to(did);
                if (post == end || *post != did) continue;
                std::vector<std::uint32_t>& at = out[i][form];
                for (auto p = post.positionlist_begin(); p != post.positionlist_end(); ++p) {
                    if (*p >= terms::kBodyPosition) at.push_back(*p - terms::kBodyPosition);
                }
            }
        }
    }
    return out;
}

auto IndexSource::find(const Pattern& word) -> std::vector<Occurrence> {
    std::vector<Occurrence> out;
    for (const std::string& form : word.forms) {
        const auto it = positions_.find(form);
        if (it == positions_.end()) continue;
        for (const std::uint32_t p : it->second) out.push_back({p, p});
    }
    std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) { return a.first < b.first; });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void assign_idf(std::vector<Pattern>& patterns, const Xapian::Database& db, std::uint64_t passages) {
    const double articles = std::max<double>(db.get_doccount(), 1);
    const double n = std::max<double>(static_cast<double>(passages), articles);
    for (Pattern& p : patterns) assign(p, db, n, n / articles);
}

auto PassageScores::best() const -> std::size_t {
    std::size_t best = 0;
    for (std::size_t j = 1; j < score.size(); ++j) {
        if (score[j] > score[best]) best = j;
    }
    return best;
}

auto score_passages(const std::vector<Pattern>& patterns, const std::vector<PassageRange>& passages, WordSource& source,
                    const PassageWeighting& w) -> PassageScores {
    PassageScores out;
    out.score.assign(passages.size(), 0.0);
    out.parts.assign(passages.size(), std::vector<double>(patterns.size(), 0.0));
    auto bm25 = [&](double idf, std::uint32_t tf, const PassageRange& p) {
        if (tf == 0) return 0.0;
        const double normlen = std::max(p.words / std::max(w.average_words, 1.0), 0.5);
        const double k = w.k1 * ((1 - w.b) + w.b * normlen);
        return idf * (w.k1 + 1) * tf / (k + tf);
    };
    std::vector<double> evidence(passages.size(), 0.0);
    for (std::size_t k = 0; k < patterns.size(); ++k) {
        const Pattern& pattern = patterns[k];
        // A dashed word scores as the better of its phrase and its compound.
        std::vector<const Pattern*> units;
        if (pattern.kind == Pattern::Kind::any) {
            for (const Pattern& c : pattern.children) units.push_back(&c);
        } else {
            units.push_back(&pattern);
        }
        for (const Pattern* unit : units) {
            const std::vector<std::uint32_t> tf = per_passage(match_pattern(*unit, source).hits, passages);
            for (std::size_t j = 0; j < passages.size(); ++j) {
                out.parts[j][k] = std::max(out.parts[j][k], pattern.scale * bm25(unit->idf, tf[j], passages[j]));
            }
        }
        for (std::size_t j = 0; j < passages.size(); ++j) (pattern.evidence ? evidence[j] : out.score[j]) += out.parts[j][k];
    }
    for (std::size_t j = 0; j < passages.size(); ++j) {
        if (out.score[j] > 0) out.score[j] += evidence[j];
        else std::fill(out.parts[j].begin(), out.parts[j].end(), 0.0);
        if (passages[j].boilerplate) out.score[j] *= w.boilerplate_scale;
    }
    return out;
}

}  // namespace fts
