#include "targets.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "fts/analysis/analyzer.hpp"
#include "fts/document/corpus_reader.hpp"
#include "fts/document/passage_splitter.hpp"
#include "fts/error.hpp"
#include "fts/query/query_builder.hpp"
#include "fts/query/query_parser.hpp"
#include "fts/snippet/snippet.hpp"
#include "fts/util/json.hpp"
#include "fts/util/utf8.hpp"

namespace fts::fuzz {
namespace {

// A broken promise: say which and abort, so that libFuzzer keeps the input.
void require(bool ok, const char* promise) {
    if (ok) return;
    std::fprintf(stderr, "fuzz: broken promise: %s\n", promise);
    std::abort();
}

auto valid_utf8(std::string_view s) -> bool {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

auto shared_analyzer() -> Analyzer& {
    static Analyzer analyzer = make_default_analyzer();  // libFuzzer runs one input at a time
    return analyzer;
}

// Parses and builds; nullopt when the query is refused (QueryError is the promised way).
auto build(std::string_view text) -> std::optional<BuiltQuery> {
    try {
        const ParsedQuery parsed = parse_query(std::string(text));
        std::string json;
        append_json_string(json, parsed.root->describe());
        require(valid_utf8(json), "the parsed query's JSON is UTF-8");
        QueryBuilder builder(shared_analyzer(), nullptr, DefaultOperator::any);
        return builder.build(*parsed.root);
    } catch (const QueryError&) {
        return std::nullopt;
    }
}

}  // namespace

void query(std::string_view bytes) {
    if (const auto built = build(bytes)) require(!built->query.get_description().empty(), "a built query describes itself");
}

void analyzer(std::string_view bytes) {
    const std::string text = repair_utf8(bytes).text;
    const std::vector<Token> tokens = shared_analyzer().analyze_for_index(text);
    for (const Token& t : tokens) {
        require(t.begin <= t.end && t.end <= text.size(), "a token's offsets lie in the text");
        require(!t.text.empty(), "a token has text");
        require(valid_utf8(t.text) && valid_utf8(t.stem), "a token's text and stem are UTF-8");
        require(valid_utf8(std::string_view(text).substr(t.begin, t.end - t.begin)), "a token starts and ends at characters");
    }
}

void reader(std::string_view bytes) {
    static const char* const names[] = {"a.txt", "a.md", "a.html"};
    const std::string name = names[bytes.empty() ? 0 : static_cast<unsigned char>(bytes[0]) % 3];
    const SourceFile file{"/fuzz/" + name, "/fuzz", name, {}};
    const LoadedArticle loaded = article_from_bytes(file, bytes.empty() ? bytes : bytes.substr(1));
    require(loaded.article.has_value() != !loaded.skip_reason.empty(), "an article or a reason to skip it");
    if (!loaded.article) return;
    const Article& a = *loaded.article;
    require(valid_utf8(a.body) && valid_utf8(a.meta.title) && valid_utf8(a.meta.author) && valid_utf8(a.meta.source),
            "the body and metadata are UTF-8");
    require(a.body.find('\0') == std::string::npos, "no NUL in the body");
}

void passages(std::string_view bytes) {
    const std::string text = repair_utf8(bytes).text;
    const std::vector<PassageSpan> spans = split_passages(text, "");
    std::size_t at = 0;
    for (const PassageSpan& s : spans) {
        require(s.begin >= at && s.begin <= s.end && s.end <= text.size(), "passages in order, within the text");
        at = s.end;
    }
}

void snippet(std::string_view bytes) {
    const std::size_t nl = bytes.find('\n');
    if (nl == std::string_view::npos) return;
    const auto built = build(bytes.substr(0, nl));
    if (!built) return;
    const std::string passage = repair_utf8(bytes.substr(nl + 1)).text;
    const Snippet s = make_snippet(passage, built->patterns, shared_analyzer());
    require(valid_utf8(s.text), "the snippet is UTF-8");
    std::size_t at = 0;
    for (const auto& [b, e] : s.highlights) {
        require(b >= at && b < e && e <= s.text.size(), "highlights sorted, disjoint, within the snippet");
        require(valid_utf8(std::string_view(s.text).substr(b, e - b)), "a highlight starts and ends at characters");
        at = e;
    }
}

}  // namespace fts::fuzz
