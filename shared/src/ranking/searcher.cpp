#include "fts/ranking/searcher.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "fts/error.hpp"
#include "fts/index/article_document.hpp"
#include "fts/index/index_writer.hpp"
#include "fts/index/terms.hpp"
#include "fts/query/stopwords.hpp"
#include "fts/ranking/passage_scorer.hpp"
#include "fts/util/text.hpp"

namespace fts {
namespace {

using Q = Xapian::Query;

// A weight from Xapian's matcher, rounded to 1e-9. Over several databases the
// matcher adds a document's term weights in an order that follows each
// database's own term frequencies, so equal weights can differ in their last
// bits with the layout: rounded, they are equal again, and ties fall to the
// article's path whatever the layout.
auto settled(double weight) -> double { return std::round(weight * 1e9) / 1e9; }

// Matches counted exactly before the count line says "about".
constexpr Xapian::doccount kExactCount = 2000;

// The article model is one of Xapian's own weighting schemes, which
// xapian-tcpsrv knows: a remote shard runs the match itself and refuses a
// scheme it has no registry entry for. IneB2 rises with a word's frequency in
// the article and never falls (BB2, tried first, falls for a word more
// frequent than once per article), and Xapian's bound for it is its weight at
// the term's largest wdf in the shortest article, so the matcher can leave out
// the articles that cannot reach the top.
auto article_weight(const RankingOptions& r) -> std::unique_ptr<Xapian::Weight> {
    if (r.article_model == ArticleModel::ineb2) return std::make_unique<Xapian::IneB2Weight>(r.ineb2_c);
    // k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's defaults.
    return std::make_unique<Xapian::BM25Weight>(r.k1, 0.0, 1.0, r.b, 0.5);
}

// A term that says nothing of an article's subject: a function word (the
// stop list), or a word in more than half of the articles. An article weight
// made only of such terms orders articles by noise (IneB2 gives them all
// about the same), at the cost of weighing every article that holds them:
// "the" is in 84 % of news articles.
auto uninformative_term(const Xapian::Database& db, const std::string& term) -> bool {
    std::string_view word(term);
    if (word.starts_with(terms::kStemmed)) word.remove_prefix(terms::kStemmed.size());
    return (terms::is_unprefixed(word) && is_stopword(word)) || 2ull * db.get_termfreq(term) > db.get_doccount();
}

auto uninformative_parts(const std::vector<ScoredPart>& parts, const Xapian::Database& db) -> bool {
    if (parts.empty()) return false;
    for (const ScoredPart& part : parts) {
        for (auto t = part.query.get_unique_terms_begin(); t != part.query.get_unique_terms_end(); ++t) {
            if (!uninformative_term(db, *t)) return false;
        }
    }
    return true;
}

// The query, planned: what matches, what scores passages, what --explain lists.
struct Plan {
    Q articles;                    // over the article documents, filters included
    bool uninformative = false;    // every scored part is made of uninformative_term()s
    std::vector<Pattern> patterns; // positive body parts, with idf
    // What marks a title: the body patterns, with the title: ones when the
    // query has some (then copied together here; else not copied).
    std::vector<Pattern> title_marks;
    [[nodiscard]] auto marks_for_titles() const -> const std::vector<Pattern>& { return title_marks.empty() ? patterns : title_marks; }
    std::vector<ScoredPart> parts;
};

// The articles whose `field` (author, source) holds every word of `value`,
// as the query `field:"value"` finds them. Throws QueryError naming the field
// when the value has no word to search for.
auto field_filter(const char* field, const std::string& value, Analyzer& analyzer, const Xapian::Database& db) -> Q {
    std::string quoted;
    for (const char c : value) quoted.push_back(c == '"' ? ' ' : c);
    std::string text = field;
    text += ":\"";
    text += quoted;
    text += "\"";
    try {
        const ParsedQuery parsed = parse_query(text);
        return QueryBuilder(analyzer, &db, DefaultOperator::all).build(*parsed.root).query;
    } catch (const QueryError&) {
        throw QueryError(std::string("the ") + field + " '" + value + "' has no word to search for");
    }
}

auto plan_query(const SearchRequest& request, const Xapian::Database& db, const IndexStats& stats, Analyzer& analyzer,
                Spelling spelling, SearchResults& results, std::vector<Correction>& corrections) -> Plan {
    ParsedQuery parsed = parse_query(request.query);
    results.warnings = parsed.warnings;
    results.parsed = parsed.root->describe();
    QueryBuilder builder(analyzer, &db, request.default_op, request.correct_spelling ? spelling : Spelling::as_typed);
    BuiltQuery built = builder.build(*parsed.root);
    results.warnings.insert(results.warnings.end(), built.notes.begin(), built.notes.end());
    corrections = std::move(built.corrections);
    Plan plan;
    plan.articles = built.query;
    if (request.since || request.until) plan.articles = Q(Q::OP_FILTER, plan.articles, date_filter(request.since, request.until));
    for (const auto& [field, value] : {std::pair{"author", &request.author}, std::pair{"source", &request.source}}) {
        if (!trim(*value).empty()) plan.articles = Q(Q::OP_FILTER, plan.articles, field_filter(field, *value, analyzer, db));
    }
    plan.patterns = std::move(built.patterns);
    assign_idf(plan.patterns, db, stats.passages);
    if (!built.title_patterns.empty()) {
        plan.title_marks = plan.patterns;
        std::move(built.title_patterns.begin(), built.title_patterns.end(), std::back_inserter(plan.title_marks));
    }
    plan.parts = std::move(built.parts);
    plan.uninformative = uninformative_parts(plan.parts, db);
    results.xapian_query = plan.articles.get_description();
    return plan;
}

// An article of the match, with its scores.
struct Candidate {
    Xapian::docid docid = 0;
    ArticleData data;         // its stored value (key, passages, text): Ranker::stored
    mutable std::string tie;  // what orders equal scores, read when needed: Ranker::tie_of
    double article_score = 0;
    PassageScores passage_scores;
    std::size_t passage = 0;  // the one shown
    double feedback_score = 0;
    double score = 0;
};

// The correction as the word was typed: capitalised when it was (Sanctoins: Sanctions).
auto in_typed_case(const std::string& nearest, const std::string& typed) -> std::string {
    return starts_with_capital(typed) ? capitalise_first(nearest) : nearest;
}

// The query text with each correction (those that replace, or all) put in
// for its word where that stands alone (not inside another word).
auto corrected_text(const std::string& query, const std::vector<Correction>& corrections, bool offered_too) -> std::string {
    std::string out = query;
    auto word_byte = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; };
    for (const Correction& c : corrections) {
        if (!c.replaces && !offered_too) continue;
        const std::string nearest = in_typed_case(c.nearest, c.typed);
        for (std::size_t at = out.find(c.typed); at != std::string::npos; at = out.find(c.typed, at)) {
            const std::size_t end = at + c.typed.size();
            if ((at > 0 && word_byte(out[at - 1])) || (end < out.size() && word_byte(out[end]))) {
                at = end;
                continue;
            }
            out.replace(at, c.typed.size(), nearest);
            at += nearest.size();
        }
    }
    return out;
}


// Stems of body words ("Z" + a lower-case stem) other than function words; not
// title stems ("ZS...") or filter terms.
class BodyStems : public Xapian::ExpandDecider {
  public:
    auto operator()(const std::string& term) const -> bool override {
        const std::size_t n = terms::kStemmed.size();
        return term.size() > n && term.compare(0, n, terms::kStemmed) == 0 && terms::is_unprefixed(std::string_view(term).substr(n)) &&
               !is_stopword(std::string_view(term).substr(n));
    }
};

// Some articles of local databases as a posting list, to filter a match to
// them: an OR of their id terms would cost a B-tree descent for each (14 ms
// for 280 articles at 510,000). Docids are those of the Database of all the
// shards; Xapian gives each shard a clone, which keeps that shard's articles
// under their docids in it (the shard found by its UUID).
class ArticleSet : public Xapian::PostingSource {
  public:
    ArticleSet(std::vector<Xapian::docid> docids, std::vector<std::string> shard_uuids)
        : docids_(std::move(docids)), uuids_(std::move(shard_uuids)) {}

    void init(const Xapian::Database& db) override {
        const auto n = static_cast<Xapian::docid>(uuids_.size());
        const auto shard = static_cast<Xapian::docid>(std::find(uuids_.begin(), uuids_.end(), db.get_uuid()) - uuids_.begin());
        if (shard == n) throw Xapian::InvalidOperationError("ArticleSet: a database that is not a shard of the search");
        here_.clear();
        for (const Xapian::docid d : docids_) {
            if ((d - 1) % n == shard) here_.push_back((d - 1) / n + 1);
        }
        std::sort(here_.begin(), here_.end());
        at_ = 0;
        started_ = false;
    }
    [[nodiscard]] auto get_termfreq_min() const -> Xapian::doccount override { return static_cast<Xapian::doccount>(here_.size()); }
    [[nodiscard]] auto get_termfreq_est() const -> Xapian::doccount override { return static_cast<Xapian::doccount>(here_.size()); }
    [[nodiscard]] auto get_termfreq_max() const -> Xapian::doccount override { return static_cast<Xapian::doccount>(here_.size()); }
    void next(double) override {
        if (started_) ++at_;
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        at_ = static_cast<std::size_t>(std::lower_bound(here_.begin() + static_cast<std::ptrdiff_t>(at_), here_.end(), did) - here_.begin());
    }
    [[nodiscard]] auto at_end() const -> bool override { return started_ && at_ >= here_.size(); }
    [[nodiscard]] auto get_docid() const -> Xapian::docid override { return here_[at_]; }
    [[nodiscard]] auto clone() const -> ArticleSet* override { return new ArticleSet(docids_, uuids_); }

  private:
    std::vector<Xapian::docid> docids_;  // in the Database of all the shards
    std::vector<std::string> uuids_;     // of the shards, in its order
    std::vector<Xapian::docid> here_;    // in the shard init() was given, ascending
    std::size_t at_ = 0;
    bool started_ = false;
};

// Stems the feedback expansion weighs at most (Ranker::feedback_candidates).
constexpr std::size_t kFeedbackCandidates = 60;

class Ranker {
  public:
    Ranker(const Xapian::Database& db, const std::vector<Shard>& shards, const IndexStats& stats, const SearchRequest& request,
           const Plan& plan, Analyzer& analyzer)
        : db_(db), shards_(shards), analyzer_(analyzer), request_(request), plan_(plan), weight_(article_weight(request.ranking)), enquire_(db) {
        enquire_.set_weighting_scheme(*weight_);
        enquire_.set_docid_order(Xapian::Enquire::ASCENDING);  // stable ties
        if (request.time_limit > 0) enquire_.set_time_limit(request.time_limit);
        weighting_.k1 = request.ranking.k1;
        weighting_.b = request.ranking.b;
        weighting_.boilerplate_scale = request.ranking.boilerplate_scale;
        if (stats.passages > 0) weighting_.average_words = static_cast<double>(stats.words) / stats.passages;
        forms_ = all_forms(plan.patterns);
        any_remote_ = std::any_of(shards.begin(), shards.end(), [](const Shard& s) { return s.remote; });
    }

    // Best score first; equal scores by the article's path (relative to
    // the folder it was indexed from, then absolute): the same whichever
    // databases hold the articles, as docids are not.
    auto by_score() {
        return [this](const Candidate& a, const Candidate& b) {
            return a.score != b.score ? a.score > b.score : tie_of(a) < tie_of(b);
        };
    }
    auto tie_of(const Candidate& c) -> const std::string& {
        if (c.tie.empty()) {
            c.tie = c.data.article;
            c.tie.push_back('\0');
            c.tie += c.data.root;
        }
        return c.tie;
    }

    // Articles [first, first + n) of the match, by article weight (or date;
    // or by key for an uninformative query: match_in_key_buckets).
    //
    // Equal weights are ordered by the article's key, the same whichever
    // databases hold them (docids are not): match_window. With remote
    // shards, the match brings each article's key as its sort key and one
    // more match over those keys brings their stored values (stored): a
    // remote shard sends them all in its answer. So a window costs two
    // exchanges with each shard, not a request per candidate.
    auto fetch(Xapian::doccount first, Xapian::doccount n, bool by_date, SearchResults& results) -> std::vector<Candidate> {
        std::optional<Window> found;
        if (plan_.uninformative && !by_date) found = match_in_key_buckets(first, n, results);
        if (!found) {
            found = match_window(first, n, by_date);
            if (first == 0) count(found->mset, results);
        }
        more_ = found->more;
        std::vector<Xapian::MSetIterator> items;
        for (const Xapian::doccount i : found->items) items.push_back(found->mset[i]);
        std::vector<ArticleData> values = stored(items);
        std::vector<Candidate> out;
        out.reserve(values.size());
        for (const Xapian::MSetIterator& it : items) {
            Candidate c;
            c.docid = *it;
            c.data = std::move(values[out.size()]);
            // An uninformative query has no article weight, however it was matched.
            c.article_score = plan_.uninformative ? 0.0 : settled(it.get_weight());
            out.push_back(std::move(c));
        }
        std::vector<Xapian::docid> docids;
        std::vector<const ArticleData*> articles;
        for (const Candidate& c : out) {
            docids.push_back(c.docid);
            articles.push_back(&c.data);
        }
        const std::vector<FormPositions> positions = read_positions(shards_, docids, articles, forms_, analyzer_);
        for (std::size_t i = 0; i < out.size(); ++i) {
            Candidate& c = out[i];
            IndexSource source(positions[i]);
            c.passage_scores = score_passages(plan_.patterns, c.data.passages, source, weighting_);
            c.passage = c.passage_scores.best();
            const double passage = c.passage_scores.score.empty() ? 0.0 : c.passage_scores.score[c.passage];
            c.score = by_date ? passage : passage + request_.ranking.article_weight * c.article_score;
        }
        return out;
    }

    // A window of a match: which of its items, in its order, and whether the
    // match holds articles after them.
    struct Window {
        Xapian::MSet mset;
        std::vector<Xapian::doccount> items;  // indices into mset
        bool more = false;
    };
    static auto whole(Xapian::MSet mset, Xapian::doccount n) -> Window {
        Window w{std::move(mset), {}, false};
        w.items.resize(w.mset.size());
        std::iota(w.items.begin(), w.items.end(), 0);
        w.more = w.items.size() == n;
        return w;
    }

    // The articles [first, first + n) of the whole match (fetch), by weight,
    // equal weights (same_weight) in key order: the same whichever databases
    // hold them, and the same however the match is cut into windows. Over
    // local databases the match is ordered by weight alone, which reads no
    // value per candidate, kTieMargin articles wider on each side; a run of
    // equal weights across the edge of a window (window_edge) is put in key
    // order here, one value read per article of the run (inside a window,
    // the order is the re-ranking's). Only such a run that reaches past the
    // margin (a frequent word in many articles of one length) needs the
    // match ordered by weight then key: then it is run.
    auto match_window(Xapian::doccount first, Xapian::doccount n, bool by_date) -> Window {
        const Xapian::doccount check = first == 0 ? kExactCount : 0;
        enquire_.set_query(plan_.articles);
        if (by_date) {
            enquire_.set_sort_by_value(terms::kSlotDateOrder, true);
            return whole(enquire_.get_mset(first, n, check), n);
        }
        if (!any_remote_) {
            enquire_.set_sort_by_relevance();
            const Xapian::doccount before = std::min(first, kTieMargin), asked = before + n + kTieMargin;
            Window w{enquire_.get_mset(first - before, asked, check), {}, false};
            const Xapian::doccount size = w.mset.size(), end = std::min(size, before + n);
            const auto key_of = [&](Xapian::doccount i) { return w.mset[i].get_document().get_value(terms::kSlotArticle); };
            const auto cut = [&](Xapian::doccount lo, Xapian::doccount hi) {
                return (lo == 0 && first > before) || (hi == size && size == asked);  // the run may go on
            };
            if (auto order = in_key_order(w.mset, first - before, key_of, cut)) {
                w.items.assign(order->begin() + before, order->begin() + end);
                w.more = size > end;
                return w;
            }
        }
        enquire_.set_sort_by_relevance_then_value(terms::kSlotArticle, false);
        Window w = whole(enquire_.get_mset(first, n, check), n);
        const auto key_of = [&](Xapian::doccount i) { return w.mset[i].get_sort_key(); };
        if (auto order = in_key_order(w.mset, first, key_of, [](auto, auto) { return false; })) w.items = std::move(*order);
        return w;
    }

    // Whether rank `rank` (from 0) of the match starts a window of articles
    // re-ranked together (Searcher::run: `window`, then `deep_window`s).
    [[nodiscard]] auto window_edge(std::size_t rank) const -> bool {
        const std::size_t window = std::max<std::size_t>(request_.ranking.window, 1);
        const std::size_t deep = std::max<std::size_t>(request_.ranking.deep_window, 1);
        return rank == window || (rank > window && (rank - window) % deep == 0);
    }

    // The items of `mset` (ranks from `offset`, ordered by weight), with each
    // run of equal weights across a window's edge in key order; nothing when
    // cut(lo, hi) says that such a run [lo, hi) may go on past the items.
    template <typename KeyOf, typename Cut>
    auto in_key_order(const Xapian::MSet& mset, Xapian::doccount offset, KeyOf key_of, Cut cut) const
        -> std::optional<std::vector<Xapian::doccount>> {
        const Xapian::doccount size = mset.size();
        std::vector<double> weight(size);
        for (Xapian::doccount i = 0; i < size; ++i) weight[i] = mset[i].get_weight();
        std::vector<Xapian::doccount> order(size);
        std::iota(order.begin(), order.end(), 0);
        for (Xapian::doccount lo = 0, hi = 0; lo < size; lo = hi) {
            bool across = false;
            for (hi = lo + 1; hi < size && same_weight(weight[hi - 1], weight[hi]); ++hi) across = across || window_edge(offset + hi);
            if (!across) continue;
            if (cut(lo, hi)) return std::nullopt;
            std::vector<std::pair<std::string, Xapian::doccount>> keyed;
            for (Xapian::doccount i = lo; i < hi; ++i) keyed.emplace_back(key_of(i), i);
            std::sort(keyed.begin(), keyed.end());
            for (Xapian::doccount i = lo; i < hi; ++i) order[i] = keyed[i - lo].second;
        }
        return order;
    }

    // Weights that settled() may round alike.
    static auto same_weight(double a, double b) -> bool {
        return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
    }

    // An uninformative query's articles (Plan::uninformative: no article
    // weight to order them by) are listed in key order, the same whichever
    // databases hold them (fetch sorts so). A match ordered by key visits
    // every article it holds ("the" is in 84 % of news articles), so it is
    // run over the first key buckets only (terms::key_bucket_term), as many
    // as should hold twice first + n of its articles by the match's estimate
    // (which costs no visit), and over more when they held too few. Every key
    // of a bucket sorts before those of the next, so the first articles of
    // the first buckets are the first of all. Nothing when the buckets it
    // would take are all of them: then the whole match is run.
    auto match_in_key_buckets(Xapian::doccount first, Xapian::doccount n, SearchResults& results) -> std::optional<Window> {
        if (!estimate_) {
            enquire_.set_query(plan_.articles);
            estimate_ = enquire_.get_mset(0, 0);  // check_at_least 0: the estimates only
        }
        const double matches = estimate_->get_matches_estimated();
        if (matches <= kExactCount) return std::nullopt;  // counted exactly by the whole match
        enquire_.set_sort_by_value(terms::kSlotArticle, false);
        const double wanted = 2.0 * (static_cast<double>(first) + n) * terms::kKeyBuckets / matches;
        for (auto buckets = static_cast<unsigned>(std::max(std::ceil(wanted), 1.0)); buckets < terms::kKeyBuckets; buckets *= 4) {
            std::vector<Q> bucket_terms;
            for (unsigned b = 0; b < buckets; ++b) bucket_terms.emplace_back(terms::key_bucket_term(b));
            enquire_.set_query(Q(Q::OP_FILTER, plan_.articles, Q(Q::OP_OR, bucket_terms.begin(), bucket_terms.end())));
            Xapian::MSet mset = enquire_.get_mset(first, n);
            if (mset.size() == n) {
                if (first == 0) count(*estimate_, results);
                return whole(std::move(mset), n);
            }
        }
        return std::nullopt;
    }

    // The count line's figures, from a match of the whole query.
    static void count(const Xapian::MSet& mset, SearchResults& results) {
        results.total = mset.get_matches_estimated();
        results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    }

    // The stored values (kSlotArticleData) of the articles `items` of a
    // match, in their order. Over local databases, read from each document
    // (8 % faster in-process than the match below). With a remote shard, each
    // article's key ends its sort key (kSlotArticle or kSlotDateOrder: the
    // match is sorted so), and one unweighted match over their id terms
    // brings the values, with a spy that keeps each.
    auto stored(const std::vector<Xapian::MSetIterator>& items) -> std::vector<ArticleData> {
        std::vector<ArticleData> out;
        if (!any_remote_) {
            for (const Xapian::MSetIterator& it : items) {
                out.push_back(ArticleData::parse(it.get_document().get_value(terms::kSlotArticleData)));
            }
            return out;
        }
        std::vector<std::string> keys;
        std::vector<Q> ids;
        for (const Xapian::MSetIterator& it : items) {
            const std::string sort_key = it.get_sort_key();
            keys.push_back(sort_key.substr(sort_key.size() - std::min(sort_key.size(), kKeyLength)));
            ids.emplace_back(terms::article_id_term(keys.back()));
        }
        if (keys.empty()) return out;
        Xapian::Enquire enquire(db_);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::ValueCountMatchSpy values(terms::kSlotArticleData);
        enquire.add_matchspy(&values);
        enquire.set_query(Q(Q::OP_OR, ids.begin(), ids.end()));
        (void)enquire.get_mset(0, 0, static_cast<Xapian::doccount>(keys.size()));
        std::unordered_map<std::string, ArticleData> by_key;
        for (auto it = values.values_begin(); it != values.values_end(); ++it) {
            ArticleData a = ArticleData::parse(*it);
            std::string key = a.key;
            by_key.emplace(std::move(key), std::move(a));
        }
        for (const std::string& key : keys) {
            const auto found = by_key.find(key);
            if (found == by_key.end()) throw Xapian::DatabaseModifiedError("an article of the match is gone from its shard");
            out.push_back(found->second);  // copied: an article in two shards (a layout gone wrong) is listed twice
        }
        return out;
    }
    [[nodiscard]] auto more() const -> bool { return more_; }

    // The feedback query: the body stems that best set the first candidates
    // of `ranked` apart. Empty when there is nothing to learn from.
    //
    // Xapian's expansion weight (TradEWeight, k = 1) over the top articles,
    // computed here: Xapian's own (Enquire::get_eset) asks a remote shard
    // for each stem's frequencies in a request of its own, where one match
    // over the stems brings them all (MSet::get_termfreq, exact over every
    // database). The stems weighed are the kFeedbackCandidates in the most
    // of the top articles, then with the largest wdf summed over them.
    auto feedback_query(const std::vector<Candidate>& ranked) -> Q {
        const FeedbackOptions& f = request_.ranking.feedback;
        std::vector<Xapian::docid> docids;
        for (std::size_t i = 0; i < ranked.size() && docids.size() < f.articles; ++i) docids.push_back(ranked[i].docid);
        if (docids.empty()) return Q();
        struct Seen {
            unsigned articles = 0;      // top articles holding it
            Xapian::termcount wdf = 0;  // summed over them
            double multiplier = 0;      // sum of (k + 1) wdf / (k doclen / avlen + wdf), k = 1
        };
        const BodyStems body_stems;
        const double avlen = db_.get_avlength();
        std::unordered_map<std::string, Seen> seen;
        for (const Xapian::docid did : docids) {
            const double doclen = db_.get_doclength(did);
            for (auto t = db_.termlist_begin(did); t != db_.termlist_end(did); ++t) {
                if (!body_stems(*t)) continue;
                Seen& s = seen[*t];
                const double wdf = std::max<Xapian::termcount>(t.get_wdf(), 1);
                ++s.articles;
                s.wdf += t.get_wdf();
                s.multiplier += 2 * wdf / (doclen / avlen + wdf);
            }
        }
        std::vector<std::pair<std::string, Seen>> stems(seen.begin(), seen.end());
        const std::size_t keep = std::min(stems.size(), kFeedbackCandidates);
        std::partial_sort(stems.begin(), stems.begin() + static_cast<std::ptrdiff_t>(keep), stems.end(), [](const auto& a, const auto& b) {
            return a.second.articles != b.second.articles ? a.second.articles > b.second.articles
                   : a.second.wdf != b.second.wdf         ? a.second.wdf > b.second.wdf
                                                           : a.first < b.first;
        });
        stems.resize(keep);
        if (stems.empty()) return Q();
        std::vector<Q> terms;
        for (const auto& [stem, s] : stems) terms.emplace_back(stem);
        Xapian::Enquire counts(db_);
        counts.set_query(Q(Q::OP_OR, terms.begin(), terms.end()));
        const Xapian::MSet frequencies = counts.get_mset(0, 0);
        const double n = db_.get_doccount(), r = static_cast<double>(docids.size());
        // As Enquire::get_eset: not the query's own terms; the stems in
        // term order, the best f.terms kept in a heap (equal weights: the
        // later term), listed by weight, then by term from the last.
        const std::set<std::string> in_query(plan_.articles.get_terms_begin(), plan_.articles.get_terms_end());
        std::sort(stems.begin(), stems.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        struct Weighed {
            double wt;
            std::string stem;
            auto operator<(const Weighed& o) const -> bool { return wt != o.wt ? wt > o.wt : stem > o.stem; }
        };
        std::vector<Weighed> weighed;
        double min_wt = 0;
        bool is_heap = false;
        for (const auto& [stem, s] : stems) {
            if (in_query.count(stem) > 0) continue;
            const double rtf = s.articles, tf = frequencies.get_termfreq(stem), without = r - rtf;
            const double wt = s.multiplier * std::log((rtf + 0.5) * (n - tf - without + 0.5) / ((tf - rtf + 0.5) * (without + 0.5)));
            if (wt <= min_wt) continue;
            weighed.push_back({wt, stem});
            if (weighed.size() > f.terms) {
                if (!is_heap) {
                    is_heap = true;
                    std::make_heap(weighed.begin(), weighed.end());
                } else {
                    std::push_heap(weighed.begin(), weighed.end());
                }
                std::pop_heap(weighed.begin(), weighed.end());
                weighed.pop_back();
                min_wt = weighed.front().wt;
            }
        }
        if (is_heap) std::sort_heap(weighed.begin(), weighed.end());
        else std::sort(weighed.begin(), weighed.end());
        if (weighed.empty()) return Q();
        const double best = weighed.front().wt;
        std::vector<Q> out;
        for (const Weighed& w : weighed) out.emplace_back(Q::OP_SCALE_WEIGHT, Q(w.stem), w.wt / best);
        return Q(Q::OP_OR, out.begin(), out.end());
    }

    // A filter to the candidates [begin, end): over local databases, their
    // docids (ArticleSet); a remote shard runs the match itself and knows
    // only Xapian's own queries, so there an OR of their id terms.
    auto these(std::vector<Candidate>::const_iterator begin, std::vector<Candidate>::const_iterator end) const -> Q {
        if (!any_remote_) {
            std::vector<Xapian::docid> docids;
            std::vector<std::string> uuids;
            for (auto c = begin; c != end; ++c) docids.push_back(c->docid);
            for (const Shard& shard : shards_) uuids.push_back(shard.db.get_uuid());
            return Q((new ArticleSet(std::move(docids), std::move(uuids)))->release());
        }
        std::vector<Q> ids;
        for (auto c = begin; c != end; ++c) ids.emplace_back(terms::article_id_term(c->data.key));
        return Q(Q::OP_OR, ids.begin(), ids.end());
    }

    // Adds the feedback weight to the candidates of `ranked` from `begin` on
    // and re-sorts them. Feedback re-orders the candidates and adds none.
    void apply_feedback(const Q& expansion, std::vector<Candidate>& ranked, std::size_t begin) {
        if (ranked.size() <= begin) return;
        const FeedbackOptions& f = request_.ranking.feedback;
        // Weighed over these candidates only (their article terms), not over
        // every article the expansion's stems are in.
        const auto tail = ranked.begin() + static_cast<std::ptrdiff_t>(begin);
        enquire_.set_query(Q(Q::OP_FILTER, expansion, these(tail, ranked.end())));
        enquire_.set_sort_by_relevance();
        const Xapian::MSet hits = enquire_.get_mset(0, static_cast<Xapian::doccount>(ranked.end() - tail));
        std::unordered_map<Xapian::docid, double> weight;
        for (auto it = hits.begin(); it != hits.end(); ++it) weight[*it] = it.get_weight();
        for (auto c = tail; c != ranked.end(); ++c) {
            const auto found = weight.find(c->docid);
            c->feedback_score = found == weight.end() ? 0.0 : settled(found->second);
            c->score += f.weight * c->feedback_score;
        }
        std::stable_sort(tail, ranked.end(), by_score());
    }

    // Every matching article counted by period, author and source: one
    // match that visits them all. The count is then exact. Weighed, not
    // unweighted: Xapian 1.4.22's matcher, unweighted, reads a term in every
    // document as the list of all documents under the term's name, and
    // throws "Unexpected end of posting list" once that list spans two
    // chunks (after articles were changed or removed in place).
    auto facets(SearchResults& results) -> Facets {
        Xapian::ValueCountMatchSpy periods(terms::kSlotPeriod), authors(terms::kSlotAuthor), sources(terms::kSlotSource);
        enquire_.clear_matchspies();
        enquire_.add_matchspy(&periods);
        enquire_.add_matchspy(&authors);
        enquire_.add_matchspy(&sources);
        enquire_.set_query(plan_.articles);
        enquire_.set_sort_by_relevance();
        const Xapian::MSet all = enquire_.get_mset(0, 0, db_.get_doccount());
        enquire_.clear_matchspies();
        if (all.get_matches_lower_bound() == all.get_matches_upper_bound()) {
            results.total = all.get_matches_estimated();
            results.total_exact = true;
        }
        Facets out;
        for (auto it = periods.values_begin(); it != periods.values_end(); ++it) out.periods.push_back({*it, it.get_termfreq()});
        auto commonest = [](const Xapian::ValueCountMatchSpy& spy, std::vector<FacetCount>& list, std::size_t& other) {
            for (auto it = spy.top_values_begin(kMaxFacetValues + 1); it != spy.top_values_end(kMaxFacetValues + 1); ++it) {
                list.push_back({*it, it.get_termfreq()});
            }
            // How many values the list leaves out:
            std::size_t values = 0;
            for (auto it = spy.values_begin(); it != spy.values_end(); ++it) ++values;
            if (list.size() > kMaxFacetValues) list.resize(kMaxFacetValues);
            other = values - list.size();
        };
        commonest(authors, out.authors, out.other_authors);
        commonest(sources, out.sources, out.other_sources);
        return out;
    }

    // The weight of `part` in one article, under the article model (--explain).
    auto weight_in_article(const Q& part, const Candidate& c) -> double {
        enquire_.set_query(Q(Q::OP_FILTER, part, Q(terms::article_id_term(c.data.key))));
        enquire_.set_sort_by_relevance();
        const Xapian::MSet one = enquire_.get_mset(0, 1);
        return one.empty() ? 0.0 : one.begin().get_weight();
    }

  private:
    const Xapian::Database& db_;
    const std::vector<Shard>& shards_;
    Analyzer& analyzer_;  // the Searcher's: finds a remote article's positions in its text
    const SearchRequest& request_;
    const Plan& plan_;
    std::unique_ptr<Xapian::Weight> weight_;
    Xapian::Enquire enquire_;
    PassageWeighting weighting_;
    std::vector<std::string> forms_;  // all_forms(plan.patterns)
    std::optional<Xapian::MSet> estimate_;  // match_in_key_buckets: the estimates of the whole match
    bool any_remote_ = false;         // a shard is served over the network
    static constexpr std::size_t kKeyLength = 16;  // of an article key (hex digits)
    // Articles matched beyond each edge of a window, to see ties across it whole.
    static constexpr Xapian::doccount kTieMargin = 64;
    bool more_ = false;
};

// One line of the result list: an article and the passage it shows.
struct Entry {
    const Candidate* article;
    std::size_t passage;
    double passage_score;
    double score;
};

auto entries_of(const std::vector<Candidate>& ranked, bool all_passages, double article_weight, bool by_date)
    -> std::vector<Entry> {
    std::vector<Entry> out;
    for (const Candidate& c : ranked) {
        const std::vector<double>& scores = c.passage_scores.score;
        if (!all_passages || scores.empty()) {
            out.push_back({&c, c.passage, scores.empty() ? 0.0 : scores[c.passage], c.score});
            continue;
        }
        const std::size_t before = out.size();
        for (std::size_t j = 0; j < scores.size(); ++j) {
            if (scores[j] > 0) out.push_back({&c, j, scores[j], scores[j] + (by_date ? 0 : article_weight * c.article_score)});
        }
        // Only the title or a filter matched: the article's opening passage.
        if (out.size() == before) out.push_back({&c, c.passage, 0.0, c.score});
        std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
                         [](const Entry& a, const Entry& b) { return a.score > b.score; });
    }
    // --passages: the best passages of the window's articles, in score order
    // (newest article first by date).
    if (all_passages && !by_date) {
        std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.score > b.score; });
    }
    return out;
}

// `why`: what makes it no stub file, when it looked like one.
auto not_a_database(const std::string& path, const std::string& why = "") -> DatabaseError {
    return DatabaseError("'" + path + "' is a file, not a database folder written by the indexer (nor a stub file listing them" +
                         (why.empty() ? "" : ": " + why) + ")");
}

auto damaged(const std::string& path, const Xapian::Error& e) -> DatabaseDamagedError {
    return DatabaseDamagedError("database '" + path + "' is damaged (" + e.get_msg() + "): " + rebuild_hint(path));
}

}  // namespace

auto unreachable_shard_note(const std::string& shard) -> std::string {
    return "remote shard '" + shard + "' cannot be reached: these results are from the other shards only";
}

auto model_name(ArticleModel model) -> const char* { return model == ArticleModel::ineb2 ? "IneB2" : "BM25"; }

auto open_database(const std::string& path) -> Xapian::Database {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw DatabaseMissingError("no database at '" + path + "': create it with: indexer --db " + path + " corpus/");
    }
    if (std::filesystem::is_regular_file(path, ec)) throw not_a_database(path);
    try {
        check_table_sizes(path);  // a table cut short since the indexer's last commit
    } catch (const DatabaseDamagedError& e) {
        throw DatabaseDamagedError(std::string(e.what()) + ": " + rebuild_hint(path));
    }
    for (int attempt = 0;; ++attempt) {
        try {
            Xapian::Database db(path);
            const std::string format = db.get_metadata(std::string(terms::kMetaFormat));
            if (db.get_doccount() > 0 && format != terms::kIndexFormat) {
                throw DatabaseError("database '" + path + "' was written by another version of the indexer (format '" +
                                    format + "', this searcher reads '" + std::string(terms::kIndexFormat) +
                                    "'): run the indexer again to rebuild it");
            }
            return db;
        } catch (const Xapian::DatabaseNotFoundError& e) {
            throw DatabaseError("'" + path + "' is not a database written by the indexer (" + e.get_msg() + ")");
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw DatabaseError("cannot open database '" + path + "': " + e.get_description());
        } catch (const Xapian::DatabaseError& e) {  // corrupt, or a table cut short ("EOF reading block 2")
            // Xapian reads the revision, then opens tables by path as they are
            // needed: a database rebuilt and swapped in between gives blocks
            // of one revision and files of another. A second look sees one database.
            if (attempt < 2) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            throw damaged(path, e);
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot open database '" + path + "': " + e.get_description());
        }
    }
}

auto remote_address(const std::string& path) -> std::optional<RemoteAddress> {
    constexpr std::string_view scheme = "tcp://";
    if (ascii_lower(std::string_view(path).substr(0, scheme.size())) != scheme) return std::nullopt;  // TCP:// too
    const std::string where = path.substr(scheme.size());
    auto bad = [&](const char* why) {
        return DatabaseError("remote shard '" + path + "': " + why + " (write tcp://HOST:PORT, as xapian-tcpsrv serves it)");
    };
    const std::size_t colon = where.rfind(':');
    if (colon == std::string::npos) throw bad("no port");
    if (colon == 0) throw bad("no host");
    RemoteAddress out;
    out.host = where.substr(0, colon);
    if (out.host.find_first_of("/ \t") != std::string::npos) throw bad("the host is not a name or an address");
    if (out.host.front() == '[') {
        if (out.host.size() < 3 || out.host.back() != ']') throw bad("an IPv6 host is written in brackets, [ADDRESS]");
        out.host = out.host.substr(1, out.host.size() - 2);
    }
    const std::string port = where.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoul(port) == 0 || std::stoul(port) > 65535) {
        throw bad("the port is not a number from 1 to 65535");
    }
    out.port = static_cast<unsigned>(std::stoul(port));
    return out;
}

auto database_paths(const std::string& path) -> std::vector<std::string> {
    std::error_code ec;
    if (remote_address(path)) return {path};
    // A folder of shards holds its stub file as XAPIANDB (indexer --shards).
    const std::filesystem::path folder_stub = std::filesystem::path(path) / "XAPIANDB";
    if (std::filesystem::is_directory(path, ec) && std::filesystem::is_regular_file(folder_stub, ec)) {
        return database_paths(folder_stub.string());
    }
    if (!std::filesystem::is_regular_file(path, ec)) return {path};
    std::ifstream in(path);
    if (!in) throw DatabaseError("cannot read the stub file '" + path + "'");
    std::vector<std::string> out;
    const std::filesystem::path base = std::filesystem::path(path).parent_path();
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        const std::string_view text = trim(line);
        if (text.empty() || text.front() == '#') continue;
        const std::size_t space = text.find_first_of(" \t");
        const std::string_view type = text.substr(0, space);
        const std::string_view where = space == std::string_view::npos ? std::string_view() : trim(text.substr(space));
        if (type == "remote") {  // remote HOST:PORT (Xapian's ":PROG ARGS", which runs a program, is not taken)
            std::string address = "tcp://" + std::string(where);
            try {
                (void)remote_address(address);  // refuses ":PROG" (no host) and "tcp://..." (a '/' in the host) too
            } catch (const DatabaseError&) {
                throw DatabaseError("stub file '" + path + "', line " + std::to_string(n) + ": '" + std::string(text) +
                                    "' is not 'remote HOST:PORT' (a shard served by xapian-tcpsrv)");
            }
            out.push_back(std::move(address));
            continue;
        }
        if ((type != "auto" && type != "glass") || where.empty()) {
            if (out.empty()) {  // not a stub file at all, or one whose first line is wrong
                throw not_a_database(path, "its line " + std::to_string(n) + ", '" + std::string(text.substr(0, 60)) +
                                               "', is neither 'auto FOLDER' nor 'remote HOST:PORT'");
            }
            throw DatabaseError("stub file '" + path + "', line " + std::to_string(n) + ": '" + std::string(text) +
                                "' is neither 'auto FOLDER' (a database folder, relative to the stub file) nor "
                                "'remote HOST:PORT' (a shard served by xapian-tcpsrv)");
        }
        const std::filesystem::path folder(where);
        out.push_back((folder.is_absolute() ? folder : base / folder).string());
    }
    if (out.empty()) throw DatabaseError("stub file '" + path + "' lists no database");
    return out;
}

namespace {

auto joined_paths(const std::vector<std::string>& paths) -> std::string {
    std::string out;
    for (const std::string& p : paths) {
        if (!out.empty()) out += ", ";
        out += p;
    }
    return out;
}

}  // namespace

Searcher::Searcher(const std::string& path) : Searcher(std::vector<std::string>{path}) {}

Searcher::Searcher(const std::vector<std::string>& paths, UnreachableShards unreachable)
    : unreachable_(unreachable), analyzer_(make_default_analyzer()) {
    std::set<std::string> seen;
    for (const std::string& p : paths) {
        for (std::string& shard : database_paths(p)) {
            std::error_code ec;
            const std::string same = remote_address(shard) ? shard : std::filesystem::weakly_canonical(shard, ec).string();
            // Twice in the search, its articles would count twice.
            if (!seen.insert(same).second) throw DatabaseError("the database '" + shard + "' is named twice: each is searched once");
            paths_.push_back(std::move(shard));
        }
    }
    path_ = joined_paths(paths_);
    refresh();
}

namespace {

// Milliseconds a remote shard may take to accept the connection, and to answer.
constexpr unsigned kConnectTimeout = 3000, kAnswerTimeout = 10000;

auto unreachable(const std::string& path, const Xapian::Error& e) -> ShardUnreachableError {
    return ShardUnreachableError("remote shard '" + path + "' cannot be reached (" + e.get_msg() +
                                 "): is xapian-tcpsrv serving it there? (--allow-partial searches the others)");
}

auto open_remote(const std::string& path, const RemoteAddress& address) -> Xapian::Database {
    Xapian::Database db;
    try {
        db = Xapian::Remote::open(address.host, address.port, kAnswerTimeout, kConnectTimeout);
    } catch (const Xapian::NetworkError& e) {
        throw unreachable(path, e);
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open remote shard '" + path + "': " + e.get_description());
    }
    const std::string format = db.get_metadata(std::string(terms::kMetaFormat));
    if (db.get_doccount() > 0 && format != terms::kIndexFormat) {
        throw DatabaseError("remote shard '" + path + "' was written by another version of the indexer (format '" + format +
                            "', this searcher reads '" + std::string(terms::kIndexFormat) + "')");
    }
    return db;
}

}  // namespace

namespace {

// Refuses a search of some of the shards of a folder (indexer --shards)
// without the others, which would miss their articles without a word: a
// stub file listing two of four servers. Each shard is labelled "K N SET"
// (terms::kMetaShard); databases without a label are not shards of a folder.
void check_every_shard(const std::vector<Shard>& shards) {
    struct Set {
        std::size_t count = 0;
        std::map<std::size_t, std::string> found;  // shard number: the path it was found at
    };
    std::map<std::string, Set> sets;
    for (const Shard& shard : shards) {
        std::istringstream label(shard.db.get_metadata(std::string(terms::kMetaShard)));
        std::size_t k = 0, n = 0;
        std::string set;
        if (!(label >> k >> n >> set) || k >= n) continue;
        Set& s = sets[set];
        s.count = n;
        const auto [at, fresh] = s.found.emplace(k, shard.path);
        if (!fresh) {
            throw DatabaseError("'" + at->second + "' and '" + shard.path + "' are both shard " + std::to_string(k) +
                                " of one folder of shards: name each shard once");
        }
    }
    for (const auto& [id, s] : sets) {
        if (s.found.size() == s.count) continue;
        std::vector<std::string> absent;
        for (std::size_t k = 0; k < s.count; ++k) {
            if (s.found.count(k) == 0) absent.push_back(std::to_string(k));
        }
        std::string which = absent.size() == 1 ? "shard " + absent[0] + " is" : "shards ";
        for (std::size_t i = 0; absent.size() > 1 && i < absent.size(); ++i) {
            which += absent[i] + (i + 2 < absent.size() ? ", " : i + 1 < absent.size() ? " and " : " are");
        }
        throw DatabaseError("'" + s.found.begin()->second + "' is one of the " + std::to_string(s.count) +
                            " shards of a folder of shards, and " + which +
                            " not searched: their articles would be missed. List every shard (the folder's XAPIANDB lists them)");
    }
}

}  // namespace

void Searcher::refresh() {
    // New handles rather than reopen(): a rebuilt index is another database.
    std::vector<Shard> shards;
    std::vector<std::string> missing;
    Xapian::Database all;
    std::map<std::string, std::string> by_uuid;  // path of each database opened
    for (const std::string& p : paths_) {
        const std::optional<RemoteAddress> address = remote_address(p);
        try {
            shards.push_back(address ? Shard{open_remote(p, *address), true, p} : Shard{open_database(p), false, p});
        } catch (const ShardUnreachableError&) {
            if (unreachable_ == UnreachableShards::fail) throw;
            missing.push_back(p);
            continue;
        }
        // The same database by two names (a folder and the server serving it):
        // its articles would count twice.
        const std::string uuid = shards.back().db.get_uuid();
        const auto [seen, fresh] = by_uuid.emplace(uuid, p);
        if (!uuid.empty() && !fresh) {
            throw DatabaseError("'" + seen->second + "' and '" + p + "' are the same database (UUID " + uuid +
                                "): name each database once");
        }
        all.add_database(shards.back().db);  // shares the shard's handle: a reopen of one is a reopen of both
    }
    if (shards.empty()) {
        throw ShardUnreachableError("no shard of '" + path_ + "' can be reached: is xapian-tcpsrv serving them?");
    }
    if (missing.empty()) check_every_shard(shards);  // (a shard that is down is already said to be missing)
    shards_ = std::move(shards);
    missing_ = std::move(missing);
    missing_checked_ = std::chrono::steady_clock::now();
    db_ = std::move(all);
    uuid_ = db_.get_uuid();
}

auto Searcher::stats() const -> IndexStats {
    IndexStats sum;
    for (const Shard& shard : shards_) {
        const IndexStats s = read_stats(shard.db);
        sum.passages += s.passages;
        sum.words += s.words;
    }
    return sum;
}

auto Searcher::failing_shard() -> std::string {
    for (Shard& shard : shards_) {
        if (!shard.remote) continue;
        try {
            shard.db.keep_alive();
        } catch (const Xapian::Error&) {
            return shard.path;
        }
    }
    return path_;
}

void Searcher::move_to_latest() {
    // The latest committed revision: a long-lived searcher sees what the
    // indexer committed since the last search. A database rebuilt aside and
    // swapped in is another database: it is opened anew.
    try {
        // A shard left out may answer again: tried again after a while (a
        // shard that hangs costs its timeout each time).
        if (!missing_.empty() && std::chrono::steady_clock::now() - missing_checked_ > std::chrono::seconds(30)) {
            refresh();
            return;
        }
        if (db_.reopen() && db_.get_uuid() != uuid_) refresh();
    } catch (const Xapian::Error&) {
        refresh();
    }
}

template <typename Body>
auto Searcher::retrying(Body body) -> decltype(body()) {
    move_to_latest();
    for (int attempt = 0;; ++attempt) {
        try {
            return body();
        } catch (const Xapian::DatabaseModifiedError& e) {
            // A revision the indexer has since replaced: search the new one.
            // Xapian says the same of a block overwritten in place (a damaged
            // table): then the revision is still the latest.
            const auto before = std::make_pair(uuid_, db_.get_revision());
            if (attempt >= 3) {
                throw DatabaseError("database '" + path_ + "' changed under the search " + std::to_string(attempt + 1) +
                                    " times (an indexer committing many times a second?): search again");
            }
            refresh();
            if (std::make_pair(uuid_, db_.get_revision()) == before) throw damaged(path_, e);
        } catch (const Xapian::NetworkError& e) {
            // A remote shard stopped answering: search what can be reached
            // now, or say which shard failed.
            if (unreachable_ == UnreachableShards::fail || attempt >= 3) throw unreachable(failing_shard(), e);
            refresh();
        } catch (const Xapian::DatabaseError& e) {
            // Xapian opens some tables only when first read: if the database
            // was rebuilt and swapped in meanwhile, the old one's files are
            // gone. Another database at the path: search that; else the
            // database itself is damaged.
            const std::string before = uuid_;
            if (attempt >= 3) throw damaged(path_, e);
            refresh();
            if (uuid_ == before) throw damaged(path_, e);
        }
    }
}

auto Searcher::search(const SearchRequest& request) -> SearchResults {
    SearchResults results = retrying([&] { return run(request); });
    results.unreachable_shards = missing_;
    return results;
}

auto Searcher::article(const std::string& id, const std::string& query) -> std::optional<ArticleView> {
    return retrying([&]() -> std::optional<ArticleView> {
        const std::string term = terms::article_id_term(id);
        Xapian::PostingIterator post = db_.postlist_begin(term);
        if (post == db_.postlist_end(term)) {
            if (!missing_.empty()) {  // it may be in a shard that did not answer
                throw ShardUnreachableError("no article has the id '" + id + "' in the shards that answer; remote shard '" +
                                            missing_.front() + "' cannot be reached");
            }
            return std::nullopt;
        }
        const Xapian::Document doc = db_.get_document(*post);
        ArticleView view;
        view.id = id;
        view.data = ArticleData::parse(doc.get_value(terms::kSlotArticleData));
        if (!trim(query).empty()) {
            SearchRequest request;
            request.query = query;
            SearchResults ignored;
            std::vector<Correction> corrections;
            const Plan plan = plan_query(request, db_, stats(), analyzer_, Spelling::as_typed, ignored, corrections);
            view.body_highlights = highlight_text(view.data.body, plan.patterns, analyzer_);
            view.title_highlights = highlight_text(view.data.title, plan.marks_for_titles(), analyzer_);
        }
        return view;
    });
}

auto Searcher::run(const SearchRequest& request) -> SearchResults {
    // A word in no article is searched as typed, and its correction offered;
    // only when nothing matches as typed does the corrected query run.
    std::vector<Correction> corrections;
    SearchResults results = run(request, Spelling::suggest, corrections);
    if (corrections.empty()) return results;
    const std::string suggestion = corrected_text(request.query, corrections, true);
    const bool replaces = std::any_of(corrections.begin(), corrections.end(), [](const Correction& c) { return c.replaces; });
    if (results.total > 0 || !replaces) {
        if (suggestion != request.query) results.suggestion = suggestion;
        return results;
    }
    SearchResults again = run(request, Spelling::correct, corrections);
    again.corrected_query = corrected_text(request.query, corrections, false);
    return again;
}

auto Searcher::run(const SearchRequest& request, Spelling spelling, std::vector<Correction>& corrections) -> SearchResults {
    SearchResults results;
    const IndexStats stats = this->stats();
    const Plan plan = plan_query(request, db_, stats, analyzer_, spelling, results, corrections);
    const RankingOptions& ranking = request.ranking;
    Ranker ranker(db_, shards_, stats, request, plan, analyzer_);
    const bool by_date = request.sort == SortOrder::date;
    const std::size_t want = request.offset + request.limit;

    // Windows of articles, each re-ranked by combined score, until the page is full.
    // Feedback changes nothing on the first page; it learns nothing from
    // articles listed by key (an uninformative query).
    const bool feedback = !by_date && !request.all_passages && !plan.uninformative && ranking.feedback.weight > 0 &&
                          want > ranking.feedback.after;
    Q expansion;
    std::vector<std::vector<Candidate>> windows;
    std::vector<Entry> entries;
    // Articles fetched from the match, in its order, not yet in a window. A
    // page that reaches past the first window fetches the second with it:
    // one match instead of two (a match over a frequent word weighs every
    // article it is in, whatever the page size).
    std::vector<Candidate> fetched;
    std::size_t taken = 0;  // of fetched
    Xapian::doccount first = 0;
    bool more = true;  // the match may hold articles not yet fetched
    for (std::size_t w = 0;; ++w) {
        const std::size_t size = std::max<std::size_t>(w == 0 ? ranking.window : ranking.deep_window, 1);
        if (fetched.size() - taken < size && more) {
            std::size_t n = size - (fetched.size() - taken);
            if (w == 0 && want > size) n += std::max<std::size_t>(ranking.deep_window, 1);
            std::vector<Candidate> got = ranker.fetch(first, static_cast<Xapian::doccount>(n), by_date, results);
            first += static_cast<Xapian::doccount>(n);
            more = ranker.more();
            fetched.erase(fetched.begin(), fetched.begin() + static_cast<std::ptrdiff_t>(taken));
            taken = 0;
            std::move(got.begin(), got.end(), std::back_inserter(fetched));
        }
        const std::size_t count = std::min(size, fetched.size() - taken);
        std::vector<Candidate> ranked(std::make_move_iterator(fetched.begin() + static_cast<std::ptrdiff_t>(taken)),
                                      std::make_move_iterator(fetched.begin() + static_cast<std::ptrdiff_t>(taken + count)));
        taken += count;
        if (!by_date) {
            std::stable_sort(ranked.begin(), ranked.end(), ranker.by_score());
            if (feedback) {
                if (w == 0) {
                    expansion = ranker.feedback_query(ranked);
                    if (!expansion.empty()) results.feedback_query = expansion.get_description();
                }
                if (!expansion.empty()) ranker.apply_feedback(expansion, ranked, w == 0 ? ranking.feedback.after : 0);
            }
        }
        windows.push_back(std::move(ranked));
        const std::vector<Entry> listed = entries_of(windows.back(), request.all_passages, ranking.article_weight, by_date);
        entries.insert(entries.end(), listed.begin(), listed.end());
        if (entries.size() >= want || (!more && taken == fetched.size()) || windows.back().empty()) break;
    }

    if (request.facets) results.facets = ranker.facets(results);
    for (std::size_t i = request.offset; i < entries.size() && i < want; ++i) {
        const Entry& e = entries[i];
        const Candidate& c = *e.article;
        const ArticleData& data = c.data;
        const PassageRange range = data.passages.empty() ? PassageRange{0, static_cast<std::uint32_t>(data.body.size())}
                                                         : data.passages[e.passage];
        Hit hit;
        hit.rank = i + 1;
        hit.id = c.data.key;
        hit.score = e.score;
        hit.passage_score = e.passage_score;
        hit.article_score = c.article_score;
        hit.feedback_score = c.feedback_score;
        hit.record = PassageRecord{data, static_cast<std::uint32_t>(e.passage), range.begin, range.end, range.boilerplate,
                                   data.body.substr(range.begin, range.end - range.begin)};
        hit.snippet = make_snippet(hit.record.text, plan.patterns, analyzer_, request.snippet);
        hit.title_highlights = highlight_text(hit.record.title, plan.marks_for_titles(), analyzer_);
        if (request.explain) {
            Explanation ex;
            ex.article_weight = ranking.article_weight;
            ex.feedback_weight = ranking.feedback.weight;
            ex.model = model_name(ranking.article_model);
            ex.by_date = by_date;
            if (!c.passage_scores.parts.empty()) {
                const std::vector<double>& shares = c.passage_scores.parts[e.passage];
                for (std::size_t k = 0; k < plan.patterns.size(); ++k) {
                    if (shares[k] > 0) ex.parts.push_back({plan.patterns[k].label, shares[k]});
                }
            }
            for (const ScoredPart& part : plan.parts) {
                if (plan.uninformative) break;  // listed by key: the article weight is 0
                const double w = ranker.weight_in_article(part.query, c);
                if (w > 0) ex.article_parts.push_back({part.label, w});
            }
            hit.explain = std::move(ex);
        }
        results.hits.push_back(std::move(hit));
    }
    return results;
}

}  // namespace fts
