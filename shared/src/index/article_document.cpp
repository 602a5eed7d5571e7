#include "fts/index/article_document.hpp"

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
    FieldReader(std::string_view data, const char* what) : data_(data), what_(what) {}
    auto next() -> std::string_view {
        const auto colon = data_.find(':', at_);
        std::size_t len = 0;
        if (colon == std::string::npos ||
            std::from_chars(data_.data() + at_, data_.data() + colon, len).ec != std::errc() ||
            colon + 1 + len > data_.size()) {
            fail();
        }
        const std::string_view field(data_.data() + colon + 1, len);
        at_ = colon + 1 + len;
        return field;
    }
    template <typename Int>
    auto next_number(int base = 10) -> Int {
        const std::string_view f = next();
        Int v = 0;
        if (std::from_chars(f.data(), f.data() + f.size(), v, base).ec != std::errc()) fail();
        return v;
    }

  private:
    [[noreturn]] void fail() const { throw DatabaseError(std::string("corrupt ") + what_ + " record in the database"); }
    std::string_view data_;
    const char* what_;
    std::size_t at_ = 0;
};

void put_varint(std::string& out, std::uint32_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

auto get_varint(const std::string& in, std::size_t& at) -> std::uint32_t {
    std::uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (at >= in.size()) throw DatabaseError("corrupt passage list in the database");
        const auto byte = static_cast<unsigned char>(in[at++]);
        v |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return v;
    }
    throw DatabaseError("corrupt passage list in the database");
}

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

void add_date(Xapian::Document& doc, const Date& d) {
    for (const std::string& term : terms::date_terms(d)) doc.add_boolean_term(term);
    doc.add_value(terms::kSlotDate, d.first_day());
    doc.add_value(terms::kSlotDateEnd, d.last_day());
    doc.add_value(terms::kSlotPeriod, d.iso().substr(0, d.month ? 7 : 4));
}

// The word range of each passage: the body's words (tokens[0..words)) whose
// bytes lie in the span. Passages start and end at a sentence or at a space,
// where no word or dashed compound runs across.
auto passage_ranges(const std::vector<PassageSpan>& spans, const std::vector<Token>& body, std::size_t words)
    -> std::vector<PassageRange> {
    std::vector<PassageRange> out;
    out.reserve(spans.size());
    std::size_t w = 0;
    for (const PassageSpan& span : spans) {
        while (w < words && body[w].begin < span.begin) ++w;
        const std::size_t first = w;
        while (w < words && body[w].end <= span.end) ++w;
        out.push_back({static_cast<std::uint32_t>(span.begin), static_cast<std::uint32_t>(span.end),
                       static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(w - first), span.boilerplate});
    }
    return out;
}

}  // namespace

auto serialise_passages(const std::vector<PassageRange>& passages) -> std::string {
    // Each passage as deltas from the previous one's end: small numbers.
    std::string out;
    put_varint(out, static_cast<std::uint32_t>(passages.size()));
    std::uint32_t byte = 0, word = 0;
    for (const PassageRange& p : passages) {
        put_varint(out, p.begin - byte);
        put_varint(out, p.end - p.begin);
        put_varint(out, (p.first_word - word) << 1 | (p.boilerplate ? 1 : 0));
        put_varint(out, p.words);
        byte = p.end;
        word = p.first_word + p.words;
    }
    return out;
}

auto parse_passages(const std::string& value) -> std::vector<PassageRange> {
    std::size_t at = 0;
    const std::uint32_t n = get_varint(value, at);
    if (n > value.size()) throw DatabaseError("corrupt passage list in the database");
    std::vector<PassageRange> out(n);
    std::uint32_t byte = 0, word = 0;
    for (PassageRange& p : out) {
        p.begin = byte + get_varint(value, at);
        p.end = p.begin + get_varint(value, at);
        const std::uint32_t w = get_varint(value, at);
        p.first_word = word + (w >> 1);
        p.boilerplate = (w & 1) != 0;
        p.words = get_varint(value, at);
        byte = p.end;
        word = p.first_word + p.words;
    }
    return out;
}

auto ArticleData::serialise() const -> std::string {
    std::string out = "A2;";
    const std::string ranges = serialise_passages(passages);
    for (std::string_view f : {std::string_view(root), std::string_view(article), std::string_view(title),
                               std::string_view(author), std::string_view(source), std::string_view(date),
                               std::string_view(key), std::string_view(ranges), std::string_view(body)}) {
        put(out, f);
    }
    return out;
}

auto ArticleData::parse(const std::string& value) -> ArticleData {
    if (value.rfind("A2;", 0) != 0) throw DatabaseError("corrupt article record in the database");
    FieldReader r(std::string_view(value).substr(3), "article");
    ArticleData a;
    a.root = r.next();
    a.article = r.next();
    a.title = r.next();
    a.author = r.next();
    a.source = r.next();
    a.date = r.next();
    a.key = r.next();
    a.passages = parse_passages(std::string(r.next()));
    a.body = r.next();
    return a;
}

auto article_hash(const std::string& absolute_path) -> std::uint64_t { return fnv1a64(absolute_path); }
auto article_key(const std::string& absolute_path) -> std::string { return to_hex(article_hash(absolute_path)); }

auto ArticleRecord::key() const -> std::string { return article_key(path); }

auto ArticleRecord::serialise() const -> std::string {
    std::string out;
    put(out, path);
    put(out, root);
    put(out, relative_path);
    put(out, to_hex(content_hash));
    put(out, std::to_string(size));
    put(out, std::to_string(mtime_ns));
    put(out, std::to_string(inode));
    return out;
}

auto ArticleRecord::parse(const std::string& data) -> ArticleRecord {
    FieldReader r(data, "file");
    ArticleRecord rec;
    rec.path = r.next();
    rec.root = r.next();
    rec.relative_path = r.next();
    rec.content_hash = r.next_number<std::uint64_t>(16);
    rec.size = r.next_number<std::uint64_t>();
    rec.mtime_ns = r.next_number<std::int64_t>();
    rec.inode = r.next_number<std::uint64_t>();
    return rec;
}

auto build_article_document(const Article& article, const ArticleRecord& record, Analyzer& analyzer,
                            const PassageOptions& options) -> ArticleDocument {
    const std::vector<PassageSpan> spans = split_passages(article.body, article.meta.author, options);
    const std::vector<Token> title = analyzer.analyze_for_index(article.meta.title);
    const std::vector<Token> author = analyzer.analyze(article.meta.author);
    const std::vector<Token> source = analyzer.analyze(article.meta.source);
    const std::vector<Token> body = analyzer.analyze_for_index(article.body);
    const std::size_t body_words = word_count(body);
    const std::vector<PassageRange> passages = passage_ranges(spans, body, body_words);

    ArticleDocument out;
    out.passages = passages.size();
    out.words = body_words;
    Xapian::Document& doc = out.doc;
    add_text_terms(doc, body, "", terms::kBodyPosition);
    // The title counts in the article's weight: unprefixed after the body, and as a field.
    add_text_terms(doc, title, "", terms::kBodyPosition + terms::title_offset(body_words),
                   terms::kArticleTitleWdf);
    add_text_terms(doc, title, terms::kTitle, 1);
    add_boolean_words(doc, author, terms::kAuthor);
    add_boolean_words(doc, source, terms::kSource);
    if (!article.meta.author.empty()) doc.add_value(terms::kSlotAuthor, article.meta.author);
    if (!article.meta.source.empty()) doc.add_value(terms::kSlotSource, article.meta.source);
    if (article.meta.date) add_date(doc, *article.meta.date);
    const std::string key = record.key();
    doc.add_boolean_term(terms::article_id_term(key));
    doc.add_boolean_term(terms::key_bucket_term(key));
    doc.add_value(terms::kSlotArticle, key);
    doc.add_value(terms::kSlotRecord, record.serialise());
    // Dated articles ("1" and the day) sort after undated ones ("0"), then by key.
    std::string date_order = article.meta.date ? "1" : "0";  // appended, not "1" + ...: GCC 12 warns falsely (-Wrestrict)
    if (article.meta.date) date_order += article.meta.date->first_day();
    date_order += key;
    doc.add_value(terms::kSlotDateOrder, date_order);
    ArticleData data{{article.root, article.relative_path, article.meta.title, article.meta.author, article.meta.source,
                      article.meta.date ? article.meta.date->iso() : std::string()},
                     key, passages, article.body};
    doc.add_value(terms::kSlotArticleData, data.serialise());
    return out;
}

}  // namespace fts
