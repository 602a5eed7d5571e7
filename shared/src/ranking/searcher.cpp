#include "fts/ranking/searcher.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "fts/analysis/analyzer.hpp"
#include "fts/error.hpp"
#include "fts/index/terms.hpp"
#include "fts/query/stopwords.hpp"
#include "fts/util/text.hpp"

namespace fts {
namespace {

using Q = Xapian::Query;

auto passage_weight(const RankingOptions& r) -> std::unique_ptr<Xapian::Weight> {
    // k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's defaults.
    return std::make_unique<Xapian::BM25Weight>(r.k1, 0.0, 1.0, r.b, 0.5);
}

auto article_weight(const RankingOptions& r) -> std::unique_ptr<Xapian::Weight> {
    if (r.article_model == ArticleModel::bb2) return std::make_unique<Xapian::BB2Weight>(r.bb2_c);
    return passage_weight(r);
}

auto model_name(const RankingOptions& r) -> const char* { return r.article_model == ArticleModel::bb2 ? "BB2" : "BM25"; }

// Passages flagged as boilerplate keep only a share of their weight.
auto demote_boilerplate(const Q& q, double scale) -> Q {
    const Q flag{std::string(terms::kBoilerplate)};
    return Q(Q::OP_OR, Q(Q::OP_AND_NOT, q, flag), Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_FILTER, q, flag), scale));
}

auto only(const Q& q, std::string_view term) -> Q { return Q(Q::OP_FILTER, q, Q(std::string(term))); }

// Importance of a highlight pattern: the summed IDF of its terms, times its share of the query.
auto pattern_weight(const Xapian::Database& db, const MatchPattern& p) -> double {
    const double n = db.get_doccount();
    double w = 0;
    for (const std::string& t : p.terms) w += std::log((n + 1) / (db.get_termfreq(t) + 0.5));
    return std::max(w * p.scale, 0.01);
}

// Runs queries under one weighting scheme.
class Scorer {
  public:
    Scorer(const Xapian::Database& db, std::unique_ptr<Xapian::Weight> weight) : enquire_(db), weight_(std::move(weight)) {
        enquire_.set_weighting_scheme(*weight_);
        enquire_.set_docid_order(Xapian::Enquire::ASCENDING);  // stable ties
    }
    // The n best matches of q; `collapse` keeps one per article, `newest_first`
    // orders by date (relevance then orders within a date).
    auto top(const Q& q, Xapian::doccount n, bool collapse, bool newest_first = false) -> Xapian::MSet {
        enquire_.set_query(q);
        enquire_.set_collapse_key(collapse ? terms::kSlotArticle : Xapian::BAD_VALUENO);
        if (newest_first) {
            enquire_.set_sort_by_value_then_relevance(terms::kSlotDate, true);
        } else {
            enquire_.set_sort_by_relevance();
        }
        return enquire_.get_mset(0, n);
    }
    // The best match of q among the documents carrying `term` (docid 0: none).
    auto best_within(const Q& q, const std::string& term) -> std::pair<Xapian::docid, double> {
        const Xapian::MSet one = top(only(q, term), 1, false);
        if (one.empty()) return {0, 0.0};
        return {*one.begin(), one.begin().get_weight()};
    }

  private:
    Xapian::Enquire enquire_;
    std::unique_ptr<Xapian::Weight> weight_;
};

struct Candidate {
    std::string key;
    Xapian::docid passage = 0;
    double passage_score = 0;
    double article_score = 0;
    double feedback_score = 0;
    double score = 0;
};

auto by_score(const Candidate& a, const Candidate& b) -> bool { return a.score > b.score; }

// Stems of body words ("Z" + a lower-case stem) other than function words; not
// title stems ("ZS...") or filter terms.
class BodyStems : public Xapian::ExpandDecider {
  public:
    auto operator()(const std::string& term) const -> bool override {
        const std::size_t n = terms::kStemmed.size();
        return term.size() > n && term.compare(0, n, terms::kStemmed) == 0 && !(term[n] >= 'A' && term[n] <= 'Z') &&
               !is_stopword(std::string_view(term).substr(n));
    }
};

// The feedback query: the body stems that best set the first `articles`
// candidates apart (Xapian's expansion set, the words of `query` left out),
// each weighted by its share of the best stem's expansion weight. Empty when
// there is nothing to learn from.
auto feedback_query(const Xapian::Database& db, const Q& query, const std::vector<Candidate>& ranked,
                    const FeedbackOptions& feedback) -> Q {
    Xapian::RSet top;
    for (std::size_t i = 0; i < ranked.size() && top.size() < feedback.articles; ++i) {
        const std::string id = terms::article_id_term(ranked[i].key);
        const Xapian::PostingIterator article = db.postlist_begin(id);
        if (article != db.postlist_end(id)) top.add_document(*article);
    }
    if (top.empty()) return Q();
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const BodyStems body_stems;
    const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(feedback.terms), top, &body_stems);
    if (eset.empty() || !(eset.begin().get_weight() > 0)) return Q();
    const double best = eset.begin().get_weight();
    std::vector<Q> stems;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        stems.emplace_back(Q::OP_SCALE_WEIGHT, Q(*it), it.get_weight() / best);
    }
    return Q(Q::OP_OR, stems.begin(), stems.end());
}

// Adds the feedback weight to the candidates after the first `feedback.after`
// of `ranked` (sorted by score) and re-sorts them. Feedback re-orders the
// candidates and adds none: restricted to articles the query matches, its list
// reaches every candidate with feedback weight. (Adding the articles it finds
// beyond the candidates took half as long again and found no more on SciFact.)
// Returns the feedback query, empty when there was none.
auto rerank_with_feedback(const Xapian::Database& db, const Q& articles, const FeedbackOptions& feedback,
                          Scorer& article_scorer, std::vector<Candidate>& ranked) -> Q {
    if (ranked.size() <= feedback.after) return Q();
    const Q expansion = feedback_query(db, articles, ranked, feedback);
    if (expansion.empty()) return expansion;
    const Xapian::MSet hits = article_scorer.top(Q(Q::OP_FILTER, only(expansion, terms::kKindArticle), articles),
                                                 static_cast<Xapian::doccount>(ranked.size()), false);
    std::map<std::string, double> weight;
    for (auto it = hits.begin(); it != hits.end(); ++it) {
        weight[it.get_document().get_value(terms::kSlotArticle)] = it.get_weight();
    }
    const auto tail = ranked.begin() + static_cast<std::ptrdiff_t>(feedback.after);
    for (auto c = tail; c != ranked.end(); ++c) {
        const auto found = weight.find(c->key);
        c->feedback_score = found == weight.end() ? 0.0 : found->second;
        c->score += feedback.weight * c->feedback_score;
    }
    std::stable_sort(tail, ranked.end(), by_score);
    return expansion;
}

}  // namespace

auto open_database(const std::string& path) -> Xapian::Database {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw DatabaseMissingError("no database at '" + path + "': create it with: indexer --db " + path + " corpus/");
    }
    try {
        return Xapian::Database(path);
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseError("database '" + path + "' is corrupt: " + e.get_msg() + " (rebuild it with the indexer)");
    } catch (const Xapian::DatabaseNotFoundError& e) {
        throw DatabaseError("'" + path + "' is not a database written by the indexer (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database '" + path + "': " + e.get_description() +
                            " (a damaged database can be rebuilt: remove the folder and run the indexer)");
    }
}

auto search(const Xapian::Database& db, const SearchRequest& request) -> SearchResults {
    SearchResults results;
    ParsedQuery parsed = parse_query(request.query);
    results.warnings = parsed.warnings;
    results.parsed = parsed.root->describe();

    const Analyzer analyzer = make_default_analyzer();
    QueryBuilder builder(analyzer, &db, request.default_op, request.correct_spelling);
    const BuiltQuery built = builder.build(*parsed.root);
    results.warnings.insert(results.warnings.end(), built.notes.begin(), built.notes.end());

    Q query = built.query;
    if (request.since || request.until) {
        const std::string from = request.since ? request.since->sortable() : "00000000";
        const std::string to = request.until ? request.until->sortable() : "99999999";
        query = Q(Q::OP_FILTER, query, Q(Q::OP_VALUE_RANGE, terms::kSlotDate, from, to));
    }
    const RankingOptions& ranking = request.ranking;
    const Q passages = only(demote_boilerplate(query, ranking.boilerplate_scale), terms::kKindPassage);
    const Q articles = only(query, terms::kKindArticle);
    results.xapian_query = passages.get_description() + "\n        + " + fixed(ranking.article_weight, 2) + " x " +
                           model_name(ranking) + " " + articles.get_description();

    Scorer scorer(db, passage_weight(ranking));
    Scorer article_scorer(db, article_weight(ranking));
    const auto want = static_cast<Xapian::doccount>(request.offset + request.limit);
    std::vector<Candidate> ranked;

    if (request.sort == SortOrder::date) {
        // Newest first: relevance only orders passages within an article and ties.
        const Xapian::MSet mset = scorer.top(passages, want, !request.all_passages, true);
        results.estimated = mset.get_matches_estimated();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            ranked.push_back({.key = it.get_document().get_value(terms::kSlotArticle),
                              .passage = *it,
                              .passage_score = it.get_weight(),
                              .score = it.get_weight()});
        }
    } else {
        const Xapian::doccount depth = std::max<Xapian::doccount>(want, static_cast<Xapian::doccount>(ranking.candidates));
        const Xapian::MSet passage_hits = scorer.top(passages, depth, !request.all_passages);
        const Xapian::MSet article_hits = article_scorer.top(articles, depth, false);
        results.estimated = request.all_passages ? passage_hits.get_matches_estimated() : article_hits.get_matches_estimated();

        std::map<std::string, double> article_score;
        for (auto it = article_hits.begin(); it != article_hits.end(); ++it) {
            article_score[it.get_document().get_value(terms::kSlotArticle)] = it.get_weight();
        }
        auto article_score_of = [&](const std::string& key) {
            auto found = article_score.find(key);
            if (found == article_score.end()) {
                found = article_score.emplace(key, article_scorer.best_within(articles, terms::article_term(key)).second).first;
            }
            return found->second;
        };

        std::set<std::string> seen;
        for (auto it = passage_hits.begin(); it != passage_hits.end(); ++it) {
            Candidate c{it.get_document().get_value(terms::kSlotArticle), *it, it.get_weight()};
            seen.insert(c.key);
            ranked.push_back(std::move(c));
        }
        if (!request.all_passages) {
            // Articles the whole-article list found but the passage list did not reach.
            for (auto it = article_hits.begin(); it != article_hits.end(); ++it) {
                const std::string key = it.get_document().get_value(terms::kSlotArticle);
                if (seen.count(key)) continue;
                auto [docid, weight] = scorer.best_within(passages, terms::article_term(key));
                if (docid == 0) {
                    // Only the title matched: show the article's opening passage.
                    Xapian::PostingIterator first = db.postlist_begin(terms::passage_id_term(key, 0));
                    if (first == db.postlist_end(terms::passage_id_term(key, 0))) continue;
                    docid = *first;
                }
                ranked.push_back({key, docid, weight});
            }
        }
        for (Candidate& c : ranked) {
            c.article_score = article_score_of(c.key);
            c.score = c.passage_score + ranking.article_weight * c.article_score;
        }
        std::stable_sort(ranked.begin(), ranked.end(), by_score);

        const FeedbackOptions& feedback = ranking.feedback;
        if (!request.all_passages && feedback.weight > 0 && want > feedback.after) {
            const Q expansion = rerank_with_feedback(db, articles, feedback, article_scorer, ranked);
            if (!expansion.empty()) {
                results.xapian_query += "\n        + " + fixed(feedback.weight, 2) + " x " + model_name(ranking) +
                                        " feedback, after hit " + std::to_string(feedback.after) + ": " +
                                        expansion.get_description();
            }
        }
    }

    std::vector<double> weights;
    for (const MatchPattern& p : built.patterns) weights.push_back(pattern_weight(db, p));

    for (std::size_t i = request.offset; i < ranked.size() && i < want; ++i) {
        const Candidate& c = ranked[i];
        Hit hit;
        hit.rank = i + 1;
        hit.score = c.score;
        hit.passage_score = c.passage_score;
        hit.article_score = c.article_score;
        hit.feedback_score = c.feedback_score;
        hit.record = PassageRecord::parse(db.get_document(c.passage).get_data());
        hit.snippet = make_snippet(hit.record.text, built.patterns, weights, analyzer, request.snippet);
        if (request.explain) {
            const std::string passage_id = terms::passage_id_term(c.key, hit.record.passage);
            for (const ScoredPart& part : built.parts) {
                const double in_passage = scorer.best_within(part.query, passage_id).second;
                const double in_article = article_scorer.best_within(part.query, terms::article_id_term(c.key)).second;
                if (in_passage > 0) hit.parts.push_back({part.label, in_passage});
                if (in_article > 0) hit.article_parts.push_back({part.label, in_article});
            }
            std::string& note = hit.explain_note;
            note = "passage BM25 " + fixed(c.passage_score, 3);
            if (request.sort == SortOrder::date) {
                note = "sorted by date; " + note;
            } else {
                if (hit.record.boilerplate) note += " (boilerplate, scaled)";
                note += " + " + fixed(ranking.article_weight, 2) + " x article " + model_name(ranking) + " " +
                        fixed(c.article_score, 3);
                if (c.feedback_score > 0) {
                    note += " + " + fixed(ranking.feedback.weight, 2) + " x feedback " + fixed(c.feedback_score, 3);
                }
                note += " = " + fixed(c.score, 3);
            }
        }
        results.hits.push_back(std::move(hit));
    }
    return results;
}

}  // namespace fts
