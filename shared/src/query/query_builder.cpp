#include "fts/query/query_builder.hpp"

#include <algorithm>
#include <optional>

#include "fts/document/metadata.hpp"
#include "fts/error.hpp"
#include "fts/index/terms.hpp"
#include "fts/query/spelling.hpp"
#include "fts/query/stopwords.hpp"
#include "fts/util/utf8.hpp"

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

// A Hangul token of one syllable (a word of one, e.g. 핵): Analyzer's
// HangulFilter writes it inside the bigrams that start with it.
auto is_one_syllable(const Token& t) -> bool { return t.kind == TokenKind::hangul && fts::is_one_syllable(t.text); }
auto is_hangul_bigram(const Token& t) -> bool {
    return t.kind == TokenKind::hangul && t.words == 1 && t.text.size() == 2 * kSyllableBytes;
}

// The spelling variants of a token from the database's variant table
// (index/variants.hpp), as terms under `prefix`: stemmed when `loose`.
auto variant_terms(const VariantTable& table, std::string_view prefix, const Token& t, bool loose) -> std::vector<std::string> {
    std::vector<std::string> out;
    const bool stemmed = loose && !t.stem.empty();
    const auto found = table.find(stemmed ? terms::stemmed("", t) : terms::exact("", t));
    if (found == table.end()) return out;
    for (const std::string& v : found->second) {
        if (stemmed) {
            if (!v.starts_with(terms::kStemmed)) continue;
            // Appended: GCC 12 warns falsely (-Wrestrict) on chained string +.
            std::string term(terms::kStemmed);
            term += prefix;
            term += std::string_view(v).substr(terms::kStemmed.size());
            out.push_back(std::move(term));
        } else {
            std::string term(prefix);
            term += v;
            out.push_back(std::move(term));
        }
    }
    return out;
}

auto unweighted(const Xapian::Query& q) -> Xapian::Query { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

}  // namespace

// A date range of more terms than this is filtered by the articles' date
// values instead: a wide range rules out few articles, and one value
// compared per candidate then costs less than merging that many terms.
constexpr std::size_t kMostDateTerms = 64;

auto date_filter(const std::optional<Date>& from, const std::optional<Date>& to) -> Xapian::Query {
    // An article dated "2021" means some day of 2021: a filter finds it when
    // it covers all of 2021. A range of whole years, months or a few days is
    // the OR of their date terms: a posting list that the match skips along,
    // where a value range reads and compares two values of every candidate
    // (at 510,000 articles, date:1987-04 was among the slowest queries).
    // An open end is the first or last day an article can be dated.
    const std::vector<std::string> date_terms =
        terms::date_range_terms(from.value_or(Date{kFirstYear, 1, 1}), to.value_or(Date{kLastYear, 12, 31}), kMostDateTerms);
    if (!date_terms.empty()) {
        std::vector<Xapian::Query> parts(date_terms.begin(), date_terms.end());
        return unweighted(combine(Xapian::Query::OP_OR, parts));
    }
    std::vector<Xapian::Query> bounds;
    if (from) bounds.emplace_back(Xapian::Query::OP_VALUE_GE, terms::kSlotDate, from->first_day());
    if (to) bounds.emplace_back(Xapian::Query::OP_VALUE_LE, terms::kSlotDateEnd, to->last_day());
    if (bounds.empty()) bounds.emplace_back(Xapian::Query::OP_VALUE_GE, terms::kSlotDate, std::string("0"));
    return combine(Xapian::Query::OP_AND, bounds);
}

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
    title_patterns_.clear();
    parts_.clear();
    dashed_parts_.clear();
    evidence_.clear();
    notes_.clear();
    corrections_.clear();
    BuiltQuery built;
    built.query = node(root, true);
    if (built.query.empty()) {
        throw QueryError("the query has no words to search for (only punctuation or empty quotes?)");
    }
    if (!dashed_parts_.empty()) {
        // Parts of dashed words rank what the query found; alone they find nothing
        // (`Kim Jong-un` does not find a passage that only says "UN").
        evidence_.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, dashed_parts_), kDashedPartWeight);
    }
    if (!evidence_.empty()) {
        built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, combine(Xapian::Query::OP_OR, evidence_));
    }
    built.patterns = std::move(patterns_);
    built.title_patterns = std::move(title_patterns_);
    built.parts = std::move(parts_);
    built.notes = std::move(notes_);
    built.corrections = std::move(corrections_);
    return built;
}

auto QueryBuilder::node(const QueryNode& n, bool positive) -> Xapian::Query {
    using K = QueryNode::Kind;
    switch (n.kind) {
        case K::word:
        case K::phrase: return text_query(n, positive);
        case K::date_range: return date_filter(n.from, n.to);
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
// A word found only through another form of its stem may be misspelt too
// (goverment, whose stem "gover" finds governess): its correction is offered,
// when it is another word than a form of the typed one.
auto QueryBuilder::respell_if_unknown(const QueryNode& n, std::vector<Token>& tokens) -> std::optional<std::string> {
    if (spelling_ == Spelling::as_typed || !db_ || n.kind != QueryNode::Kind::word || n.field != Field::body) return std::nullopt;
    if (!tokens.empty() && std::all_of(tokens.begin(), tokens.end(), is_hangul_bigram)) {
        // A Korean word is the phrase of its syllable bigrams (HangulFilter):
        // with one in no article, written either way, so is the word. No
        // spelling is offered (edit distance means little for bigrams).
        const bool absent = std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
            return db_->get_termfreq(terms::exact("", t)) == 0 && db_->get_termfreq(terms::spaced("", t)) == 0;
        });
        if (absent && spelling_ == Spelling::suggest) note_once("'" + n.text + "' is in no article");
        return std::nullopt;
    }
    if (tokens.size() != 1 || tokens[0].kind != TokenKind::letter) return std::nullopt;
    const bool found_by_stem = db_->get_termfreq(terms::loose("", tokens[0])) > 0;
    if (found_by_stem && db_->term_exists(terms::exact("", tokens[0]))) return std::nullopt;
    for (const std::string& v : variant_terms(variants_, "", tokens[0], true)) {
        if (db_->get_termfreq(v) > 0) return std::nullopt;  // found as a spelling variant
    }
    const auto nearest = nearest_indexed_word(*db_, tokens[0].text);
    if (!nearest) {
        // Said once, so that "said Macron" does not read as if Macron were found.
        if (!found_by_stem && spelling_ == Spelling::suggest) note_once("'" + n.text + "' is in no article");
        return std::nullopt;
    }
    std::vector<Token> corrected = analyzer_.analyze(*nearest);
    if (corrected.size() != 1 || (found_by_stem && corrected[0].stem == tokens[0].stem)) return std::nullopt;
    const bool replaces = !found_by_stem;
    if (spelling_ == Spelling::correct && !replaces) return std::nullopt;  // searched as typed
    const bool seen = std::any_of(corrections_.begin(), corrections_.end(), [&](const Correction& c) { return c.typed == n.text; });
    if (!seen) corrections_.push_back({n.text, *nearest, replaces});
    if (spelling_ == Spelling::suggest) {
        // A long word is most likely mistyped (a name is seldom ten letters
        // and one slip from another word): its correction ranks what the rest
        // of the query finds, and finds nothing itself.
        if (!found_by_stem && code_point_count(tokens[0].text) >= kMinRankedCorrectionLetters) {
            const Token& c = corrected[0];
            evidence_.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(terms::loose("", c)), kCorrectionWeight);
            parts_.push_back({*nearest + " (for " + n.text + ", ranking only)", evidence_.back()});
            Pattern p = word_pattern(c, true, *nearest + " (for " + n.text + ")");
            p.scale = kCorrectionWeight;
            p.evidence = true;
            patterns_.push_back(std::move(p));
            note_once("'" + tokens[0].text + "' is in no article; articles with '" + *nearest +
                      "' rank higher (quote the word to search it only as typed)");
        }
        return std::nullopt;
    }
    note_once("'" + tokens[0].text + "' is in no article; searched for '" + *nearest + "' instead (quote a word to search it as typed)");
    tokens = std::move(corrected);
    return nearest;
}

void QueryBuilder::note_once(std::string note) {
    if (std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(std::move(note));
}

auto QueryBuilder::word_pattern(const Token& token, bool loose, std::string label,
                                std::optional<std::vector<std::string>> forms) -> Pattern {
    Pattern p;
    p.kind = Pattern::Kind::word;
    p.loose = loose && !token.stem.empty();
    p.term = p.loose ? terms::loose("", token) : terms::exact("", token);
    if (forms) p.forms = std::move(*forms);
    else p.forms = p.loose ? surface_forms("", token) : std::vector<std::string>{p.term};
    p.label = std::move(label);
    return p;
}

namespace {

// The exact terms each token of a phrase matches: its spelling variants; a
// Hangul bigram in a phrase of two or more also as written across a space
// (terms::spaced), so 법집행 finds "법 집행"; a lone bigram only as one word
// ("한국" is not "한 국방부").
auto phrase_alternatives(const VariantTable& table, std::string_view prefix, const std::vector<Token>& tokens)
    -> std::vector<std::vector<std::string>> {
    const bool bigrams = std::count_if(tokens.begin(), tokens.end(), is_hangul_bigram) >= 2;
    std::vector<std::vector<std::string>> out;
    for (const Token& t : tokens) {
        std::vector<std::string> terms{terms::exact(prefix, t)};
        if (bigrams && is_hangul_bigram(t)) {
            terms.push_back(terms::spaced(prefix, t));
        } else {
            for (std::string& v : variant_terms(table, prefix, t, false)) terms.push_back(std::move(v));
        }
        out.push_back(std::move(terms));
    }
    return out;
}

}  // namespace

auto QueryBuilder::phrase_pattern(const std::vector<Token>& tokens, std::string label,
                                  const std::vector<std::vector<std::string>>& alternatives) -> Pattern {
    Pattern p;
    p.kind = Pattern::Kind::phrase;
    p.label = std::move(label);
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        Pattern w = word_pattern(tokens[k], false, tokens[k].text, alternatives[k]);
        w.variants.assign(alternatives[k].begin() + 1, alternatives[k].end());
        p.children.push_back(std::move(w));
    }
    return p;
}

auto QueryBuilder::query_tokens(std::string_view text) -> std::vector<Token> {
    std::vector<Token> tokens = analyzer_.analyze(text);
    // Hangul runs written with a space between meet in the bigram across it
    // (as the index holds them: "법 집행" is 법집 집행, like "법집행"); a
    // run's tail is held by the bigram before it.
    for (Token& spaced : Analyzer::spaced_bigrams(tokens)) {
        spaced.words = 1;  // a bigram of the query: found written either way (phrase_alternatives)
        tokens[spaced.position] = std::move(spaced);
    }
    // A run's tail at the end: the bigram before holds it, and the word is
    // found in its longer forms. Inside a phrase it stays (에너지省).
    if (!tokens.empty() && tokens.back().tail) tokens.pop_back();
    return tokens;
}

auto QueryBuilder::text_query(const QueryNode& n, bool positive) -> Xapian::Query {
    if (n.kind == QueryNode::Kind::word && n.text.size() > 1 && n.text.back() == '*' && db_) {
        if (auto q = prefix_query(n, positive)) return *q;
    }
    const std::size_t star = n.text.find('*');
    if (star != std::string::npos && !(n.kind == QueryNode::Kind::word && n.text.find_first_not_of('*', star) == std::string::npos)) {
        notes_.push_back("'" + n.text + "': '*' stands for the rest of a bare word only at its end (Pyong*); searched without it");
    }
    std::vector<Token> tokens = query_tokens(n.text);
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
    const bool body = n.field == Field::body;
    const bool title = n.field == Field::title;
    // Body words make patterns that score passages and mark text; title words
    // make patterns that only mark titles (matched on unprefixed tokens).
    const bool marked = body || title;
    Pattern pattern;
    std::vector<Token> dashed;  // the parts of a bare dashed word
    Xapian::Query q;
    if (tokens.size() == 1 && is_one_syllable(tokens[0])) {
        // One Hangul syllable: alone, or first of the bigrams that hold it.
        std::vector<std::string> forms = surface_forms(prefix, tokens[0]);
        q = Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
        if (positive && marked) pattern = word_pattern(tokens[0], false, label, std::move(forms));
    } else if (tokens.size() == 1) {
        // A bare word matches by stem; a quoted single word matches exactly;
        // either with its spelling variants (defence = defense).
        const bool loose = n.kind == QueryNode::Kind::word;
        std::vector<std::string> alternatives{loose ? terms::loose(prefix, tokens[0]) : terms::exact(prefix, tokens[0])};
        const std::vector<std::string> variants = variant_terms(variants_, prefix, tokens[0], loose);
        alternatives.insert(alternatives.end(), variants.begin(), variants.end());
        q = alternatives.size() == 1 ? Xapian::Query(alternatives[0])
                                     : Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
        // The variants as written (exact terms), for --explain and the passages' positions.
        const std::vector<std::string> written =
            variants.empty() || (!loose && prefix.empty()) ? variants : variant_terms(variants_, "", tokens[0], false);
        std::string also;
        for (const std::string& v : written) also += (also.empty() ? "" : ", ") + v;
        if (!also.empty()) label += " (also " + also + ")";
        if (positive && marked) {
            pattern = word_pattern(tokens[0], loose, label);
            pattern.variants = body ? variants : variant_terms(variants_, "", tokens[0], loose);  // unprefixed terms
            pattern.forms.insert(pattern.forms.end(), written.begin(), written.end());
        }
    } else {
        // A quoted phrase, or one word written with dashes or slashes: its parts in order.
        std::vector<Xapian::Query> parts;
        const std::vector<std::vector<std::string>> alternatives = phrase_alternatives(variants_, prefix, tokens);
        for (const std::vector<std::string>& a : alternatives) {
            parts.push_back(a.size() == 1 ? Xapian::Query(a[0]) : Xapian::Query(Xapian::Query::OP_OR, a.begin(), a.end()));
        }
        if (positive && marked) pattern = phrase_pattern(tokens, label, body ? alternatives : phrase_alternatives(variants_, "", tokens));
        q = Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), static_cast<Xapian::termcount>(parts.size()));
        // A hyphenated word also matches as one compound ("IL-6" finds "IL6"),
        // weighed as one word with the two spellings (OP_SYNONYM). Not OP_MAX:
        // Xapian 1.4.22's matcher can crash on an OP_MAX of a phrase while it
        // prunes (a test reproduces it on SciFact's claims). Only a compound
        // some article holds: a synonym's frequency is Xapian's estimate of
        // its parts', which for a phrase of rare words and a term in no
        // article can be 0 while the phrase matches, and IneB2 then weighs
        // the article infinitely (Rason-Khasan, a variant of Rajin-Hasan).
        const std::vector<Token> joined = n.kind == QueryNode::Kind::word ? analyzer_.compounds(tokens) : std::vector<Token>{};
        auto whole = std::find_if(joined.begin(), joined.end(), [&](const Token& c) { return c.words == tokens.size(); });
        if (whole != joined.end() && db_ && db_->get_termfreq(terms::loose(prefix, *whole)) == 0) whole = joined.end();
        const bool hyphenated = std::any_of(tokens.begin() + 1, tokens.end(),
                                            [](const Token& t) { return t.join == Join::dash || t.join == Join::slash; });
        if (hyphenated && whole == joined.end() && db_ && positive && body && n.kind == QueryNode::Kind::word &&
            spelling_ == Spelling::suggest &&
            std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) { return db_->get_termfreq(terms::exact("", t)) == 0; })) {
            // Neither the compound nor one of the parts is in any article: nor
            // is the word ("Jong-oon"), whatever its other parts find.
            note_once("'" + n.text + "' is in no article");
        }
        if (whole != joined.end()) {
            q = Xapian::Query(Xapian::Query::OP_SYNONYM, q, Xapian::Query(terms::loose(prefix, *whole)));
            if (positive && marked) {
                Pattern compound = word_pattern(*whole, true, label);
                Pattern either;
                either.kind = Pattern::Kind::any;
                either.label = label;
                either.children.push_back(std::move(pattern));
                either.children.push_back(std::move(compound));
                pattern = std::move(either);
            }
        }
        // Each part alone is evidence too ("Rad53" for "Rad53-dependent"),
        // but only to rank what the query matches: see build().
        if (n.kind == QueryNode::Kind::word && n.modifier == QueryNode::Modifier::none && hyphenated) dashed = tokens;
    }
    if (positive) {
        const std::string field = n.field == Field::title ? "title:" : "";
        parts_.push_back({field + label, q});
        if (body) patterns_.push_back(std::move(pattern));
        else if (title) title_patterns_.push_back(std::move(pattern));
        for (const Token& t : dashed) {
            dashed_parts_.emplace_back(terms::loose(prefix, t));
            parts_.push_back({field + t.text + " (part of " + n.text + ")",
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, dashed_parts_.back(), kDashedPartWeight)});
            if (body) {
                Pattern part = word_pattern(t, true, t.text + " (part of " + n.text + ")");
                part.scale = kDashedPartWeight;
                part.highlight = false;
                part.evidence = true;
                patterns_.push_back(std::move(part));
            }
        }
    }
    return q;
}

// `Pyong*`: every indexed word that starts with the letters, as one word
// (OP_SYNONYM). Nothing when the letters are not one word (they are then
// searched as typed, without the star).
auto QueryBuilder::prefix_query(const QueryNode& n, bool positive) -> std::optional<Xapian::Query> {
    const std::string letters = n.text.substr(0, n.text.find_last_not_of('*') + 1);
    std::vector<Token> tokens = analyzer_.analyze(letters);
    if (tokens.size() != 1 || tokens[0].kind == TokenKind::hangul) {
        // Hangul bigrams already find a word's longer forms.
        if (!tokens.empty() && tokens[0].kind != TokenKind::hangul) {
            notes_.push_back("'" + n.text + "': '*' ends one word; searched for '" + letters + "' as typed");
        }
        return std::nullopt;
    }
    const std::string field(prefix_of(n.field));
    const std::string start = terms::exact(field, tokens[0]);
    std::vector<std::string> forms;
    for (auto it = db_->allterms_begin(start); it != db_->allterms_end(start); ++it) {
        if (forms.size() == kMaxPrefixWords) {
            throw QueryError("'" + n.text + "' stands for more than " + std::to_string(kMaxPrefixWords) +
                             " words in the index: write more of the word");
        }
        forms.push_back(*it);
    }
    const std::string label = n.text;
    if (forms.empty()) {
        notes_.push_back("'" + n.text + "': no word in the index starts with '" + tokens[0].text + "'");
        return Xapian::Query(start);  // in no article: matches nothing, and AND keeps its meaning
    }
    Xapian::Query q(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
    if (is_filter(n)) return unweighted(q);
    if (positive) {
        parts_.push_back({(n.field == Field::title ? "title:" : "") + label, q});
        if (n.field == Field::body) {
            Pattern pattern = word_pattern(tokens[0], false, label, std::move(forms));
            pattern.prefix = true;
            patterns_.push_back(std::move(pattern));
        }
    }
    return q;
}

// Every indexed surface form under `prefix` with the same stem as `token`
// (sanction, sanctions, sanctioned): positions are kept for exact forms only.
auto QueryBuilder::surface_forms(std::string_view prefix, const Token& token) -> std::vector<std::string> {
    const std::string exact = terms::exact(prefix, token);
    if (db_ && is_one_syllable(token)) {
        // The syllable alone, and every bigram that starts with it.
        constexpr std::size_t kMaxBigrams = 2000;
        std::vector<std::string> forms{exact};
        for (auto it = db_->allterms_begin(exact); it != db_->allterms_end(exact) && forms.size() <= kMaxBigrams; ++it) {
            const std::string term = *it;
            if (term.size() == exact.size() + kSyllableBytes && starts_with_syllable(std::string_view(term).substr(exact.size()))) {
                forms.push_back(term);
            }
        }
        return forms;
    }
    if (!db_ || token.stem.size() < 3) return {exact};
    std::vector<std::string> forms;
    // Snowball keeps a stem's letters but for a final y written i ("countri").
    std::string start(prefix);
    start += token.stem.back() == 'i' ? token.stem.substr(0, token.stem.size() - 1) : token.stem;
    constexpr std::size_t kMaxForms = 32, kMaxScanned = 400;
    std::size_t scanned = 0;
    for (auto it = db_->allterms_begin(start);
         it != db_->allterms_end(start) && forms.size() < kMaxForms && scanned < kMaxScanned; ++it, ++scanned) {
        const std::string term = *it;
        const std::vector<Token> t = analyzer_.analyze(std::string_view(term).substr(prefix.size()));
        if (t.size() == 1 && t[0].stem == token.stem && terms::exact(prefix, t[0]) == term) forms.push_back(term);
    }
    if (std::find(forms.begin(), forms.end(), exact) == forms.end()) forms.push_back(exact);
    return forms;
}

auto QueryBuilder::near_query(const QueryNode& n, bool positive) -> Xapian::Query {
    // Xapian's NEAR takes terms (or ORs of terms) only: a phrase operand
    // becomes its words in the NEAR, and must also match as a phrase.
    std::vector<Xapian::Query> words, phrases;
    Pattern pattern;
    pattern.kind = Pattern::Kind::near;
    pattern.label = n.describe();
    // A field on one operand holds for all: `title:russia NEAR/3 korea` is within the title.
    Field field = Field::body;
    for (const auto& c : n.children) {
        if (c->field != Field::body) field = c->field;
    }
    const std::string_view prefix = prefix_of(field);
    const bool body = field == Field::body;
    std::size_t operands = 0;
    for (const auto& c : n.children) {
        const std::vector<Token> tokens = query_tokens(c->text);
        if (tokens.empty()) continue;
        ++operands;
        const bool loose = c->kind == QueryNode::Kind::word && tokens.size() == 1;
        std::vector<Xapian::Query> exact;
        if (loose) {
            // The forms of the stem, looked up once for the query and the pattern.
            std::vector<std::string> forms = surface_forms(prefix, tokens[0]);
            words.push_back(combine(Xapian::Query::OP_OR, std::vector<Xapian::Query>(forms.begin(), forms.end())));
            if (body) pattern.children.push_back(word_pattern(tokens[0], true, c->text, std::move(forms)));
            continue;
        }
        for (const Token& t : tokens) {
            words.emplace_back(terms::exact(prefix, t));
            exact.emplace_back(terms::exact(prefix, t));
        }
        if (exact.size() > 1) {
            phrases.emplace_back(Xapian::Query::OP_PHRASE, exact.begin(), exact.end(), static_cast<Xapian::termcount>(exact.size()));
        }
        if (!body) continue;  // the pattern scores and marks body text only
        pattern.children.push_back(tokens.size() == 1 ? word_pattern(tokens[0], false, c->text)
                                                      : phrase_pattern(tokens, c->text, phrase_alternatives(variants_, "", tokens)));
    }
    if (words.empty()) return Xapian::Query();
    if (operands == 1) {
        // NEAR with one operand is that operand.
        Xapian::Query q = phrases.empty() ? words[0] : phrases[0];
        if (positive) {
            parts_.push_back({n.describe(), q});
            if (body) patterns_.push_back(std::move(pattern.children[0]));
        }
        return q;
    }
    const auto window = static_cast<Xapian::termcount>(n.distance + words.size());
    pattern.window = window;
    Xapian::Query q(Xapian::Query::OP_NEAR, words.begin(), words.end(), window);
    if (!phrases.empty()) {
        phrases.insert(phrases.begin(), q);
        q = combine(Xapian::Query::OP_AND, phrases);
    }
    if (positive) {
        parts_.push_back({n.describe(), q});
        if (body) patterns_.push_back(std::move(pattern));
    }
    return q;
}

// Function words are dropped from bare words side by side (never from phrases,
// hyphenated words, fields or +/- words) when another word is searched for.
// Beside only excluded words and filters they are what is searched for:
// `the -korea` is the articles with "the" and without "korea", `the
// date:2021` those of 2021 with "the", not every article of them.
auto QueryBuilder::juxtaposed(const QueryNode& n, bool positive) -> Xapian::Query {
    std::vector<Xapian::Query> plain, required, prohibited, filters;
    auto stop = [&](const QueryNode& c) {
        if (c.kind != QueryNode::Kind::word || c.modifier != QueryNode::Modifier::none || c.field != Field::body) return false;
        const auto t = analyzer_.analyze(c.text);
        return t.size() == 1 && is_stopword(t[0].text);
    };
    const bool other_words = std::any_of(n.children.begin(), n.children.end(), [&](const auto& c) {
        return !stop(*c) && c->modifier != QueryNode::Modifier::prohibited && !is_filter(*c);
    });
    for (const auto& c : n.children) {
        if (other_words && stop(*c)) continue;
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
