#include "fts/index/passage_documents.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "fts/error.hpp"
#include "fts/index/terms.hpp"
#include "fts/util/hash.hpp"

namespace fts {
namespace {

// Fields are stored as "<length>:<bytes>" one after another: no escaping needed.
void put(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out.push_back(':');
    out.append(field);
}

class FieldReader {
  public:
    FieldReader(const std::string& data, const char* what) : data_(data), what_(what) {}
    auto next() -> std::string_view {
        const auto colon = data_.find(':', at_);
        std::size_t len = 0;
        if (colon == std::string::npos ||
            std::from_chars(data_.data() + at_, data_.data() + colon, len).ec != std::errc() ||
            colon + 1 + len > data_.size()) {
            throw DatabaseError(std::string("corrupt ") + what_ + " record in the database");
        }
        const std::string_view field(data_.data() + colon + 1, len);
        at_ = colon + 1 + len;
        return field;
    }
    auto next_number() -> std::uint64_t {
        const std::string_view f = next();
        std::uint64_t v = 0;
        if (std::from_chars(f.data(), f.data() + f.size(), v).ec != std::errc()) {
            throw DatabaseError(std::string("corrupt ") + what_ + " record in the database");
        }
        return v;
    }

  private:
    const std::string& data_;
    const char* what_;
    std::size_t at_ = 0;
};

void add_text_terms(Xapian::Document& doc, const std::vector<Token>& tokens, std::string_view prefix,
                    Xapian::termpos base, Xapian::termcount wdf = 1) {
    for (const Token& t : tokens) {
        const std::string term = terms::exact(prefix, t);
        if (term.size() > terms::kMaxTermBytes) continue;
        doc.add_posting(term, base + t.position, wdf);
        const std::string stem = terms::stemmed(prefix, t);
        if (!stem.empty() && stem.size() <= terms::kMaxTermBytes) doc.add_term(stem, wdf);
    }
}

void add_boolean_words(Xapian::Document& doc, const std::vector<Token>& tokens, std::string_view prefix) {
    for (const Token& t : tokens) {
        const std::string term = terms::exact(prefix, t);
        if (term.size() <= terms::kMaxTermBytes) doc.add_boolean_term(term);
    }
}

// The tokens of the body's bytes [span.begin, span.end), taken from the
// tokens of the whole body (as Analyzer::analyze_for_index gives them: words,
// then compounds; `words` of them words) and numbered from position 0, as if
// the passage had been analysed alone: passages start and end at a sentence
// or at a space, where no word or dashed compound runs across.
auto tokens_within(const std::vector<Token>& body, std::size_t words, const PassageSpan& span) -> std::vector<Token> {
    const auto first_word = body.begin();
    const auto first_compound = body.begin() + static_cast<std::ptrdiff_t>(words);
    std::vector<Token> out;
    std::uint32_t base = 0;
    for (const auto& [from, to] : {std::pair{first_word, first_compound}, std::pair{first_compound, body.end()}}) {
        auto t = std::partition_point(from, to, [&](const Token& x) { return x.begin < span.begin; });
        for (; t != to && t->begin < span.end; ++t) {
            if (t->end > span.end) continue;
            if (out.empty()) base = t->position;
            out.push_back(*t);
            out.back().position -= base;
        }
    }
    return out;
}

// Terms every document of an article carries: title, author, source and date
// filters, the article key and its value slots.
void add_article_terms(Xapian::Document& doc, const Article& article, const std::string& key,
                       const std::vector<Token>& title, const std::vector<Token>& author,
                       const std::vector<Token>& source) {
    add_text_terms(doc, title, terms::kTitle, 1);
    add_boolean_words(doc, author, terms::kAuthor);
    add_boolean_words(doc, source, terms::kSource);
    if (article.meta.date) {
        const Date& d = *article.meta.date;
        const std::string s = d.sortable();
        auto date_term = [&](std::string_view prefix, std::size_t digits) {
            std::string term(prefix);
            term.append(s, 0, digits);
            return term;
        };
        doc.add_boolean_term(date_term(terms::kYear, 4));
        if (d.month) doc.add_boolean_term(date_term(terms::kMonth, 6));
        if (d.day) doc.add_boolean_term(date_term(terms::kDay, 8));
        doc.add_value(terms::kSlotDate, s);
    }
    doc.add_boolean_term(terms::article_term(key));
    doc.add_value(terms::kSlotArticle, key);
}

}  // namespace

auto PassageRecord::serialise() const -> std::string {
    std::string out = "P1;";
    for (std::string_view f : {std::string_view(root), std::string_view(article), std::string_view(title),
                               std::string_view(author), std::string_view(source), std::string_view(date)}) {
        put(out, f);
    }
    put(out, std::to_string(passage));
    put(out, std::to_string(begin));
    put(out, std::to_string(end));
    put(out, boilerplate ? "1" : "0");
    put(out, text);
    return out;
}

auto PassageRecord::parse(const std::string& data) -> PassageRecord {
    if (data.rfind("P1;", 0) != 0) throw DatabaseError("corrupt passage record in the database");
    const std::string body = data.substr(3);
    FieldReader r(body, "passage");
    PassageRecord rec;
    rec.root = r.next();
    rec.article = r.next();
    rec.title = r.next();
    rec.author = r.next();
    rec.source = r.next();
    rec.date = r.next();
    rec.passage = static_cast<std::uint32_t>(r.next_number());
    rec.begin = r.next_number();
    rec.end = r.next_number();
    rec.boilerplate = r.next() == "1";
    rec.text = r.next();
    return rec;
}

auto article_key(const std::string& absolute_path) -> std::string { return to_hex(fnv1a64(absolute_path)); }

auto ArticleRecord::key() const -> std::string { return article_key(path); }

auto ArticleRecord::serialise() const -> std::string {
    std::string out;
    put(out, path);
    put(out, root);
    put(out, relative_path);
    put(out, to_hex(content_hash));
    put(out, std::to_string(passages));
    return out;
}

auto ArticleRecord::parse(const std::string& data) -> ArticleRecord {
    FieldReader r(data, "article");
    ArticleRecord rec;
    rec.path = r.next();
    rec.root = r.next();
    rec.relative_path = r.next();
    const std::string_view hash = r.next();
    std::from_chars(hash.data(), hash.data() + hash.size(), rec.content_hash, 16);
    rec.passages = static_cast<std::uint32_t>(r.next_number());
    return rec;
}

auto build_article_documents(const Article& article, const std::string& key, const Analyzer& analyzer,
                             const PassageOptions& options) -> ArticleDocuments {
    const std::vector<PassageSpan> spans = split_passages(article.body, article.meta.author, options);
    const std::vector<Token> title = analyzer.analyze_for_index(article.meta.title);
    const std::vector<Token> author = analyzer.analyze(article.meta.author);
    const std::vector<Token> source = analyzer.analyze(article.meta.source);
    const std::string date = article.meta.date ? article.meta.date->iso() : std::string();
    const std::vector<Token> body = analyzer.analyze_for_index(article.body);
    const std::size_t body_words = word_count(body);

    ArticleDocuments docs;
    docs.passages.reserve(spans.size());
    for (std::size_t n = 0; n < spans.size(); ++n) {
        const PassageSpan& span = spans[n];
        PassageRecord rec{article.root, article.relative_path, article.meta.title, article.meta.author,
                          article.meta.source, date, static_cast<std::uint32_t>(n), span.begin, span.end,
                          span.boilerplate, article.body.substr(span.begin, span.end - span.begin)};
        Xapian::Document doc;
        add_text_terms(doc, tokens_within(body, body_words, span), "", 1);
        add_article_terms(doc, article, key, title, author, source);
        doc.add_boolean_term(std::string(terms::kKindPassage));
        doc.add_boolean_term(terms::passage_id_term(key, n));
        if (span.boilerplate) doc.add_boolean_term(std::string(terms::kBoilerplate));
        doc.add_value(terms::kSlotPassage, Xapian::sortable_serialise(static_cast<double>(n)));
        doc.set_data(rec.serialise());
        docs.passages.push_back(std::move(doc));
    }

    // The whole article: the title (weighted) then the body, positions kept so
    // that phrases match here too.
    Xapian::Document& whole = docs.article;
    add_text_terms(whole, title, "", 1, terms::kArticleTitleWdf);
    add_text_terms(whole, body, "", static_cast<Xapian::termpos>(title.size()) + 100);
    add_article_terms(whole, article, key, title, author, source);
    whole.add_boolean_term(std::string(terms::kKindArticle));
    whole.add_boolean_term(terms::article_id_term(key));
    return docs;
}

}  // namespace fts
