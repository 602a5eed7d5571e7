#include "fts/ranking/searcher.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "fts/analysis/analyzer.hpp"
#include "fts/error.hpp"
#include "fts/index/terms.hpp"

namespace fts {
namespace {

auto make_weight(const RankingOptions& r) -> Xapian::BM25Weight {
    // k2 = 0 and k3 = 1 are Xapian's defaults; min_normlen 0.5 likewise.
    return Xapian::BM25Weight(r.k1, 0.0, 1.0, r.b, 0.5);
}

// Passages flagged as boilerplate keep only a share of their weight.
auto demote_boilerplate(const Xapian::Query& q, double scale) -> Xapian::Query {
    const Xapian::Query flag{std::string(terms::kBoilerplate)};
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_AND_NOT, q, flag),
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_FILTER, q, flag), scale));
}

// Importance of a highlight pattern: the summed IDF of its terms.
auto pattern_weight(const Xapian::Database& db, const MatchPattern& p) -> double {
    const double n = db.get_doccount();
    double w = 0;
    for (const std::string& t : p.terms) w += std::log((n + 1) / (db.get_termfreq(t) + 0.5));
    return std::max(w, 0.01);
}

auto weight_in(const Xapian::Database& db, const Xapian::Query& part, const std::string& id_term,
               const RankingOptions& ranking) -> double {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, part, Xapian::Query(id_term)));
    enquire.set_weighting_scheme(make_weight(ranking));
    const Xapian::MSet one = enquire.get_mset(0, 1);
    return one.empty() ? 0.0 : one.begin().get_weight();
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
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database '" + path + "': " + e.get_description());
    }
}

auto search(const Xapian::Database& db, const SearchRequest& request) -> SearchResults {
    SearchResults results;
    ParsedQuery parsed = parse_query(request.query);
    results.warnings = parsed.warnings;
    results.parsed = parsed.root->describe();

    const Analyzer analyzer = make_default_analyzer();
    QueryBuilder builder(analyzer, &db, request.default_op);
    const BuiltQuery built = builder.build(*parsed.root);

    Xapian::Query query = demote_boilerplate(built.query, request.ranking.boilerplate_scale);
    if (request.since || request.until) {
        const std::string from = request.since ? request.since->sortable() : "00000000";
        const std::string to = request.until ? request.until->sortable() : "99999999";
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(Xapian::Query::OP_VALUE_RANGE, terms::kSlotDate, from, to));
    }
    results.xapian_query = query.get_description();

    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(make_weight(request.ranking));
    if (!request.all_passages) enquire.set_collapse_key(terms::kSlotArticle);
    if (request.sort == SortOrder::date) {
        enquire.set_sort_by_value_then_relevance(terms::kSlotDate, true);
    } else {
        // Ties (e.g. filter-only queries) go to the earlier document: stable output.
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    }
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                               static_cast<Xapian::doccount>(request.limit));
    results.estimated = mset.get_matches_estimated();

    std::vector<double> weights;
    for (const MatchPattern& p : built.patterns) weights.push_back(pattern_weight(db, p));

    std::size_t rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = ++rank;
        hit.score = it.get_weight();
        const Xapian::Document doc = it.get_document();
        hit.record = PassageRecord::parse(doc.get_data());
        hit.snippet = make_snippet(hit.record.text, built.patterns, weights, analyzer, request.snippet);
        if (request.explain) {
            const std::string id = terms::passage_id_term(doc.get_value(terms::kSlotArticle), hit.record.passage);
            double sum = 0;
            for (const ScoredPart& part : built.parts) {
                const double w = weight_in(db, part.query, id, request.ranking);
                if (w > 0) hit.parts.push_back({part.label, w});
                sum += w;
            }
            char note[128];
            if (hit.record.boilerplate) {
                std::snprintf(note, sizeof note, "passage BM25 %.3f x boilerplate %.2f = %.3f", sum,
                              request.ranking.boilerplate_scale, hit.score);
            } else {
                std::snprintf(note, sizeof note, "passage BM25 %.3f", hit.score);
            }
            hit.explain_note = note;
        }
        results.hits.push_back(std::move(hit));
    }
    return results;
}

}  // namespace fts
