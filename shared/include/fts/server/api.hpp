// The HTTP API of `searcher serve`, without the HTTP: request parameters in,
// JSON out. The server (server/http_server.hpp) routes requests here.
//
//   GET /api/search?q=&limit=&offset=&sort=&since=&until=&author=&source=&passages=&op=&facets=
//       -> {"query", "searched_for", "suggestion", "total", "total_exact",
//           "offset", "limit", "took_ms", "warnings", "facets", "hits"}
//       hits: the objects `searcher --json` prints, one per hit
//   GET /api/articles/ID?q=
//       -> {"id", "article", "path", "title", "author", "source", "date",
//           "text", "passages", "title_highlights", "highlights"}
//   errors -> {"error": MESSAGE, "status": CODE}
// Offsets (highlights, passages) are byte ranges of the UTF-8 text.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fts/query/query_parser.hpp"
#include "fts/ranking/searcher.hpp"

namespace fts {

// Bounds of a request: a query longer than kMaxQueryBytes (the parser's), a
// larger page or offset is a 400.
inline constexpr std::size_t kMaxLimit = 100;
inline constexpr std::size_t kMaxOffset = 10000;

// A request the API answers with an error status (400, 404, 503).
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    [[nodiscard]] auto status() const -> int { return status_; }

  private:
    int status_;
};

// Query-string parameters by name (the last value of a repeated one counts).
using ApiParams = std::multimap<std::string, std::string>;

// The search request for /api/search. Throws ApiError(400) naming the
// parameter and the reason for a missing, malformed or out-of-range one.
[[nodiscard]] auto api_search_request(const ApiParams& params) -> SearchRequest;

// The /api/search response body.
[[nodiscard]] auto api_search_json(const SearchRequest& request, const SearchResults& results, double took_ms) -> std::string;

// Whether `id` can be an article key (16 lower-case hex digits): anything
// else is no article, and is never looked up.
[[nodiscard]] auto is_article_id(std::string_view id) -> bool;

// The query whose words /api/articles/ID marks: parameter q, or empty.
// Throws ApiError(400) as api_search_request does for q.
[[nodiscard]] auto api_article_query(const ApiParams& params) -> std::string;

// The /api/articles/ID response body.
[[nodiscard]] auto api_article_json(const ArticleView& article) -> std::string;

// {"error": message, "status": status}
[[nodiscard]] auto api_error_json(int status, std::string_view message) -> std::string;

}  // namespace fts
