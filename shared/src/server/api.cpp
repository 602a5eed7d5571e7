#include "fts/server/api.hpp"

#include <cstdlib>

#include "fts/cli/hit_printer.hpp"
#include "fts/error.hpp"
#include "fts/query/query_parser.hpp"
#include "fts/util/json.hpp"
#include "fts/util/text.hpp"
#include "fts/util/utf8.hpp"

namespace fts {
namespace {

auto param(const ApiParams& params, const std::string& name) -> std::optional<std::string> {
    const auto range = params.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    const std::string& value = std::prev(range.second)->second;
    for (std::size_t i = 0; i < value.size();) {
        const std::size_t len = utf8_sequence_length(value, i);
        if (len == 0) throw ApiError(400, "parameter '" + name + "' is not UTF-8 text");
        i += len;
    }
    return value;
}

auto bad(const std::string& name, const std::string& reason) -> ApiError {
    return ApiError(400, "parameter '" + name + "': " + reason);
}

auto whole_number(const ApiParams& params, const std::string& name, std::size_t fallback, std::size_t low, std::size_t high)
    -> std::size_t {
    const std::optional<std::string> text = param(params, name);
    if (!text) return fallback;
    // Digits only: a sign (`+5`, `-1`) is not a page number.
    const std::string error = text->find_first_not_of("0123456789") != std::string::npos
                                  ? "'" + *text + "' is not a whole number"
                                  : whole_number_error(*text, static_cast<long long>(low), static_cast<long long>(high));
    if (!error.empty()) throw bad(name, error);
    return static_cast<std::size_t>(std::strtoll(text->c_str(), nullptr, 10));
}

auto flag(const ApiParams& params, const std::string& name, bool fallback) -> bool {
    const std::optional<std::string> text = param(params, name);
    if (!text) return fallback;
    if (*text == "1" || *text == "true" || text->empty()) return true;
    if (*text == "0" || *text == "false") return false;
    throw bad(name, "'" + *text + "' is not one of 1, 0, true, false");
}

auto choice(const ApiParams& params, const std::string& name, const std::string& first, const std::string& second) -> bool {
    const std::optional<std::string> text = param(params, name);
    if (!text || text->empty() || *text == first) return false;
    if (*text == second) return true;
    throw bad(name, "'" + *text + "' is not one of " + first + ", " + second);
}

auto date_bound(const ApiParams& params, const std::string& name, bool end) -> std::optional<Date> {
    const std::optional<std::string> text = param(params, name);
    if (!text || text->empty()) return std::nullopt;
    try {
        return parse_date_bound(*text, end);
    } catch (const QueryError& e) {
        throw bad(name, e.what());
    }
}

auto strings_json(const std::vector<std::string>& list) -> std::string {
    std::string out = "[";
    for (const std::string& s : list) {
        if (out.size() > 1) out += ",";
        append_json_string(out, s);
    }
    return out + "]";
}

auto counts_json(const std::vector<FacetCount>& counts) -> std::string {
    std::string out = "[";
    for (const FacetCount& c : counts) {
        if (out.size() > 1) out += ",";
        JsonObject o;
        o.add("value", c.value).add("count", static_cast<long long>(c.count));
        out += o.str();
    }
    return out + "]";
}

// Periods are "YYYY-MM" or "YYYY" (dated by the year alone): the years sum both.
auto facets_json(const Facets& f) -> std::string {
    std::vector<FacetCount> years, months;
    for (const FacetCount& p : f.periods) {
        const std::string year = p.value.substr(0, 4);
        if (years.empty() || years.back().value != year) years.push_back({year, 0});
        years.back().count += p.count;
        if (p.value.size() > 4) months.push_back(p);
    }
    JsonObject o;
    o.add_raw("year", counts_json(years)).add_raw("month", counts_json(months));
    o.add_raw("author", counts_json(f.authors)).add("author_other", static_cast<long long>(f.other_authors));
    o.add_raw("source", counts_json(f.sources)).add("source_other", static_cast<long long>(f.other_sources));
    return o.str();
}

auto null_or(JsonObject& o, std::string_view key, const std::string& value) -> JsonObject& {
    return value.empty() ? o.add_null(key) : o.add(key, value);
}

auto query_param(const ApiParams& params) -> std::string {
    const std::string q = param(params, "q").value_or("");
    if (q.size() > kMaxQueryBytes) {
        throw bad("q", "the query is " + std::to_string(q.size()) + " bytes long; at most " + std::to_string(kMaxQueryBytes) +
                           " are searched");
    }
    return q;
}

}  // namespace

auto api_article_query(const ApiParams& params) -> std::string { return query_param(params); }

auto api_search_request(const ApiParams& params) -> SearchRequest {
    SearchRequest r;
    r.query = query_param(params);
    if (trim(r.query).empty()) throw bad("q", "the query is missing: give the words to search for");
    r.limit = whole_number(params, "limit", 10, 1, kMaxLimit);
    r.offset = whole_number(params, "offset", 0, 0, kMaxOffset);
    r.sort = choice(params, "sort", "relevance", "date") ? SortOrder::date : SortOrder::relevance;
    r.default_op = choice(params, "op", "or", "and") ? DefaultOperator::all : DefaultOperator::any;
    r.all_passages = flag(params, "passages", false);
    r.facets = flag(params, "facets", true);
    r.author = param(params, "author").value_or("");
    r.source = param(params, "source").value_or("");
    for (const auto& [name, value] : {std::pair{"author", &r.author}, std::pair{"source", &r.source}}) {
        if (value->size() > kMaxQueryBytes) throw bad(name, "longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    }
    r.since = date_bound(params, "since", false);
    r.until = date_bound(params, "until", true);
    if (r.since && r.until && r.until->sortable() < r.since->sortable()) {
        throw ApiError(400, "since " + r.since->iso() + " is after until " + r.until->iso() + ": no date is in that range");
    }
    return r;
}

auto api_search_json(const SearchRequest& request, const SearchResults& results, double took_ms) -> std::string {
    JsonObject o;
    o.add("query", request.query);
    null_or(o, "searched_for", results.corrected_query);
    null_or(o, "suggestion", results.suggestion);
    o.add("total", static_cast<long long>(results.total)).add_raw("total_exact", results.total_exact ? "true" : "false");
    o.add("offset", static_cast<long long>(request.offset)).add("limit", static_cast<long long>(request.limit));
    std::vector<std::string> warnings = results.warnings;
    for (const std::string& shard : results.unreachable_shards) {
        warnings.push_back(unreachable_shard_note(shard));
    }
    o.add_fixed("took_ms", took_ms, 2).add_raw("warnings", strings_json(warnings));
    if (results.facets) o.add_raw("facets", facets_json(*results.facets));
    else o.add_null("facets");
    std::string hits = "[";
    for (const Hit& hit : results.hits) {
        if (hits.size() > 1) hits += ",";
        hits += format_hit_json(hit, results, false);
    }
    o.add_raw("hits", hits + "]");
    return o.str();
}

auto is_article_id(std::string_view id) -> bool {
    return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

auto api_article_json(const ArticleView& a) -> std::string {
    const ArticleData& d = a.data;
    JsonObject o;
    o.add("id", a.id).add("article", d.article).add("path", d.root + "/" + d.article).add("title", d.title);
    null_or(o, "author", d.author);
    null_or(o, "source", d.source);
    null_or(o, "date", d.date);
    o.add("text", d.body);
    std::string passages = "[";
    for (const PassageRange& p : d.passages) {
        if (passages.size() > 1) passages += ",";
        JsonObject one;
        one.add("begin", static_cast<long long>(p.begin)).add("end", static_cast<long long>(p.end));
        one.add_raw("boilerplate", p.boilerplate ? "true" : "false");
        passages += one.str();
    }
    o.add_raw("passages", passages + "]");
    o.add_raw("title_highlights", highlights_json(a.title_highlights)).add_raw("highlights", highlights_json(a.body_highlights));
    return o.str();
}

auto api_error_json(int status, std::string_view message) -> std::string {
    JsonObject o;
    o.add("error", message).add("status", static_cast<long long>(status));
    return o.str();
}

}  // namespace fts
