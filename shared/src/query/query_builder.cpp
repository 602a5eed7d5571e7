#include "fts/query/query_builder.hpp"

#include <algorithm>
#include <optional>

#include "fts/error.hpp"
#include "fts/index/terms.hpp"
#include "fts/query/spelling.hpp"
#include "fts/query/stopwords.hpp"

namespace fts {
namespace {

auto prefix_of(Field f) -> std::string_view {
    switch (f) {
        case Field::title: return terms::kTitle;
        case Field::author: return terms::kAuthor;
        case Field::source: return terms::kSource;
        case Field::body: break;
    }
    return "";
}

auto combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) -> Xapian::Query {
    if (parts.empty()) return Xapian::Query();
    if (parts.size() == 1) return parts[0];
    return Xapian::Query(op, parts.begin(), parts.end());
}

auto unweighted(const Xapian::Query& q) -> Xapian::Query { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

}  // namespace

auto is_filter(const QueryNode& n) -> bool {
    switch (n.kind) {
        case QueryNode::Kind::date_range: return true;
        case QueryNode::Kind::word:
        case QueryNode::Kind::phrase: return n.field == Field::author || n.field == Field::source;
        case QueryNode::Kind::all_of:
        case QueryNode::Kind::any_of:
        case QueryNode::Kind::juxtaposed:  // a group of filters, e.g. author:(modi OR ramani)
            return std::all_of(n.children.begin(), n.children.end(), [](const auto& c) { return is_filter(*c); });
        case QueryNode::Kind::but_not: return is_filter(*n.children[0]);
        case QueryNode::Kind::near:
        case QueryNode::Kind::match_all: break;
    }
    return false;
}

auto QueryBuilder::build(const QueryNode& root) -> BuiltQuery {
    patterns_.clear();
    parts_.clear();
    dashed_parts_.clear();
    notes_.clear();
    BuiltQuery built;
    built.query = node(root, true);
    if (built.query.empty()) {
        throw QueryError("the query has no words to search for (only punctuation or empty quotes?)");
    }
    if (!dashed_parts_.empty()) {
        // Parts of dashed words rank what the query found; alone they find nothing
        // (`Kim Jong-un` does not find a passage that only says "UN").
        const Xapian::Query evidence(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, dashed_parts_),
                                     kDashedPartWeight);
        built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, evidence);
    }
    built.patterns = std::move(patterns_);
    built.parts = std::move(parts_);
    built.notes = std::move(notes_);
    return built;
}

auto QueryBuilder::node(const QueryNode& n, bool positive) -> Xapian::Query {
    using K = QueryNode::Kind;
    switch (n.kind) {
        case K::word:
        case K::phrase: return text_query(n, positive);
        case K::date_range: {
            const std::string from = n.from ? n.from->sortable() : std::string("00000000");
            const std::string to = n.to ? n.to->sortable() : std::string("99999999");
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, terms::kSlotDate, from, to);
        }
        case K::all_of: {
            std::vector<Xapian::Query> parts;
            for (const auto& c : n.children) {
                Xapian::Query q = node(*c, positive);
                if (!q.empty()) parts.push_back(q);
            }
            return combine(Xapian::Query::OP_AND, parts);
        }
        case K::any_of: {
            std::vector<Xapian::Query> parts;
            for (const auto& c : n.children) {
                Xapian::Query q = node(*c, positive);
                if (!q.empty()) parts.push_back(q);
            }
            return combine(Xapian::Query::OP_OR, parts);
        }
        case K::but_not: {
            Xapian::Query left = node(*n.children[0], positive);
            Xapian::Query right = node(*n.children[1], !positive);
            if (left.empty()) return Xapian::Query();
            if (right.empty()) return left;
            return Xapian::Query(Xapian::Query::OP_AND_NOT, left, right);
        }
        case K::near: return near_query(n, positive);
        case K::juxtaposed: return juxtaposed(n, positive);
        case K::match_all: return unweighted(Xapian::Query::MatchAll);
    }
    return Xapian::Query();
}

// A bare body word that no article contains is most likely misspelt: its
// tokens become those of the nearest indexed spelling, which is returned.
auto QueryBuilder::respell_if_unknown(const QueryNode& n, std::vector<Token>& tokens) -> std::optional<std::string> {
    if (!correct_spelling_ || !db_ || n.kind != QueryNode::Kind::word || n.field != Field::body || tokens.size() != 1 ||
        tokens[0].kind != TokenKind::letter || db_->get_termfreq(terms::loose("", tokens[0])) > 0) {
        return std::nullopt;
    }
    const auto nearest = nearest_indexed_word(*db_, tokens[0].text);
    if (!nearest) return std::nullopt;
    std::vector<Token> corrected = analyzer_.analyze(*nearest);
    if (corrected.size() != 1) return std::nullopt;
    std::string note = "'" + tokens[0].text + "' is in no article; searched for '" + *nearest +
                       "' instead (quote a word to search it as typed)";
    if (std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(std::move(note));
    tokens = std::move(corrected);
    return nearest;
}

auto QueryBuilder::text_query(const QueryNode& n, bool positive) -> Xapian::Query {
    std::vector<Token> tokens = analyzer_.analyze(n.text);
    if (tokens.empty()) return Xapian::Query();
    const std::string_view prefix = prefix_of(n.field);
    std::string label = n.kind == QueryNode::Kind::phrase ? "\"" + n.text + "\"" : n.text;
    if (positive) {
        if (const auto nearest = respell_if_unknown(n, tokens)) label += " (as " + *nearest + ")";
    }
    if (is_filter(n)) {
        // author:/source: match words of the field, in any order.
        std::vector<Xapian::Query> parts;
        for (const Token& t : tokens) parts.emplace_back(terms::exact(prefix, t));
        return unweighted(combine(Xapian::Query::OP_AND, parts));
    }
    MatchPattern pattern;
    pattern.label = label;
    std::optional<MatchPattern> compound;
    std::vector<Token> dashed;  // the parts of a bare dashed word
    Xapian::Query q;
    if (tokens.size() == 1) {
        // A bare word matches by stem; a quoted single word matches exactly.
        pattern.loose = n.kind == QueryNode::Kind::word;
        const std::string term = pattern.loose ? terms::loose(prefix, tokens[0]) : terms::exact(prefix, tokens[0]);
        pattern.terms.push_back(pattern.loose ? terms::loose("", tokens[0]) : terms::exact("", tokens[0]));
        q = Xapian::Query(term);
    } else {
        // A quoted phrase, or one word written with dashes or slashes: its parts in order.
        std::vector<Xapian::Query> parts;
        for (const Token& t : tokens) {
            parts.emplace_back(terms::exact(prefix, t));
            pattern.terms.push_back(terms::exact("", t));
        }
        q = Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), static_cast<Xapian::termcount>(parts.size()));
        // A hyphenated word also matches as one compound ("IL-6" finds "IL6"),
        // scored as the better of the two. (OP_SYNONYM of a phrase and a term
        // scores about the same with BM25, but Xapian 1.4's estimate of its
        // collection frequency can make BB2, the article model, NaN.)
        const std::vector<Token> joined = n.kind == QueryNode::Kind::word ? analyzer_.compounds(tokens) : std::vector<Token>{};
        const auto whole = std::find_if(joined.begin(), joined.end(), [&](const Token& c) { return c.words == tokens.size(); });
        if (whole != joined.end()) {
            compound = MatchPattern{{terms::loose("", *whole)}, true, pattern.label};
            q = Xapian::Query(Xapian::Query::OP_MAX, q, Xapian::Query(terms::loose(prefix, *whole)));
        }
        // Each part alone is evidence too ("Rad53" for "Rad53-dependent"),
        // but only to rank what the query matches: see build().
        if (n.kind == QueryNode::Kind::word && n.modifier == QueryNode::Modifier::none) dashed = tokens;
    }
    if (positive) {
        const std::string field = n.field == Field::title ? "title:" : "";
        parts_.push_back({field + pattern.label, q});
        if (n.field == Field::body) {
            patterns_.push_back(std::move(pattern));
            if (compound) patterns_.push_back(std::move(*compound));
        }
        for (const Token& t : dashed) {
            dashed_parts_.emplace_back(terms::loose(prefix, t));
            parts_.push_back({field + t.text + " (part of " + n.text + ")",
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, dashed_parts_.back(), kDashedPartWeight)});
            if (n.field == Field::body) patterns_.push_back(MatchPattern{{terms::loose("", t)}, true, t.text, kDashedPartWeight});
        }
    }
    return q;
}

// Every indexed surface form with the same stem as `token` (sanction,
// sanctions, sanctioned), OR-ed: positional operators need unstemmed terms.
auto QueryBuilder::surface_forms(const Token& token) -> Xapian::Query {
    const std::string exact = terms::exact("", token);
    if (!db_ || token.stem.size() < 3) return Xapian::Query(exact);
    std::vector<Xapian::Query> forms;
    const std::string start = token.stem.substr(0, token.stem.size() - 1);
    constexpr std::size_t kMaxForms = 32;
    for (auto it = db_->allterms_begin(start); it != db_->allterms_end(start) && forms.size() < kMaxForms; ++it) {
        const std::vector<Token> t = analyzer_.analyze(*it);
        if (t.size() == 1 && t[0].stem == token.stem) forms.emplace_back(*it);
    }
    if (forms.empty()) return Xapian::Query(exact);
    return combine(Xapian::Query::OP_OR, forms);
}

auto QueryBuilder::near_query(const QueryNode& n, bool positive) -> Xapian::Query {
    std::vector<Xapian::Query> parts;
    for (const auto& c : n.children) {
        const std::vector<Token> tokens = analyzer_.analyze(c->text);
        const bool loose = c->kind == QueryNode::Kind::word && tokens.size() == 1;
        MatchPattern pattern;
        pattern.label = c->text;
        pattern.loose = loose;
        for (const Token& t : tokens) {
            parts.push_back(loose ? surface_forms(t) : Xapian::Query(terms::exact(prefix_of(c->field), t)));
            pattern.terms.push_back(loose ? terms::loose("", t) : terms::exact("", t));
        }
        if (positive && !tokens.empty()) patterns_.push_back(std::move(pattern));
    }
    if (parts.empty()) return Xapian::Query();
    if (parts.size() == 1) {
        if (positive) parts_.push_back({n.describe(), parts[0]});
        return parts[0];
    }
    const auto window = static_cast<Xapian::termcount>(n.distance + parts.size());
    Xapian::Query q(Xapian::Query::OP_NEAR, parts.begin(), parts.end(), window);
    if (positive) parts_.push_back({n.describe(), q});
    return q;
}

// Function words are dropped from bare words side by side (never from phrases,
// hyphenated words, fields or +/- words). A query made only of them keeps them.
auto QueryBuilder::juxtaposed(const QueryNode& n, bool positive) -> Xapian::Query {
    std::vector<Xapian::Query> plain, required, prohibited, filters;
    auto stop = [&](const QueryNode& c) {
        if (c.kind != QueryNode::Kind::word || c.modifier != QueryNode::Modifier::none || c.field != Field::body) return false;
        const auto t = analyzer_.analyze(c.text);
        return t.size() == 1 && is_stopword(t[0].text);
    };
    const bool all_stop = std::all_of(n.children.begin(), n.children.end(), [&](const auto& c) { return stop(*c); });
    for (const auto& c : n.children) {
        if (!all_stop && stop(*c)) continue;
        const bool negated = c->modifier == QueryNode::Modifier::prohibited;
        Xapian::Query q = node(*c, negated ? !positive : positive);
        if (q.empty()) continue;
        if (negated) prohibited.push_back(q);
        else if (is_filter(*c)) filters.push_back(q);
        else if (c->modifier == QueryNode::Modifier::required || default_op_ == DefaultOperator::all) required.push_back(q);
        else plain.push_back(q);
    }
    Xapian::Query base;
    if (!required.empty()) {
        base = combine(Xapian::Query::OP_AND, required);
        if (!plain.empty()) base = Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, combine(Xapian::Query::OP_OR, plain));
    } else if (!plain.empty()) {
        base = combine(Xapian::Query::OP_OR, plain);
    }
    if (!filters.empty()) {
        const Xapian::Query filter = combine(Xapian::Query::OP_AND, filters);
        base = base.empty() ? filter : Xapian::Query(Xapian::Query::OP_FILTER, base, filter);
    }
    if (!prohibited.empty()) {
        if (base.empty()) base = unweighted(Xapian::Query::MatchAll);
        base = Xapian::Query(Xapian::Query::OP_AND_NOT, base, combine(Xapian::Query::OP_OR, prohibited));
    }
    return base;
}

}  // namespace fts
