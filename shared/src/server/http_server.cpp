#include "fts/server/http_server.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <mutex>
#include <vector>

#include <sys/socket.h>

#include <httplib.h>
#include <xapian.h>

#include "fts/error.hpp"
#include "fts/server/api.hpp"
#include "fts/server/web_assets.hpp"

namespace fts {
namespace {

constexpr std::size_t kKeepAliveRequests = 100;  // then a connection is closed, and its thread freed
constexpr std::time_t kKeepAliveSeconds = 5;

void send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    if (status == 503) res.set_header("Retry-After", "1");
    send_json(res, status, api_error_json(status, message));
}

auto status_text(int status) -> std::string {
    switch (status) {
        case 400: return "bad request";
        case 405: return "method not allowed: the API answers GET";
        case 413: return "request too large";
        case 414:
            return "the request line is longer than the server reads (8,192 bytes): shorten the query (in an address, "
                   "each byte of a non-Latin letter is written as three)";
        case 431: return "request headers too large";
        default: return "HTTP status " + std::to_string(status);
    }
}

auto is_api(const httplib::Request& req) -> bool { return req.path.rfind("/api/", 0) == 0 || req.path == "/api"; }

}  // namespace

struct Server::Impl {
    explicit Impl(ServerOptions o) : options(std::move(o)) {}

    ServerOptions options;
    httplib::Server http;
    bool bound = false;
    // stop() may come before run() has begun to listen (a signal at start).
    std::atomic<bool> started{false}, stop_requested{false}, finished{false};

    // Searchers not in use: a request takes one (or opens one) and gives it back.
    std::mutex idle_mutex;
    std::vector<std::unique_ptr<Searcher>> idle;

    auto take_searcher() -> std::unique_ptr<Searcher> {
        {
            const std::lock_guard lock(idle_mutex);
            if (!idle.empty()) {
                std::unique_ptr<Searcher> s = std::move(idle.back());
                idle.pop_back();
                return s;
            }
        }
        // Throws DatabaseError (a shard unreachable too): a 503.
        return std::make_unique<Searcher>(std::vector<std::string>{options.db_path},
                                          options.allow_partial ? UnreachableShards::skip : UnreachableShards::fail);
    }
    void give_back(std::unique_ptr<Searcher> s) {
        const std::lock_guard lock(idle_mutex);
        idle.push_back(std::move(s));
    }

    // Runs `body` with a searcher, answering errors as the API documents them.
    template <typename Body>
    void with_searcher(httplib::Response& res, Body body) {
        try {
            std::unique_ptr<Searcher> searcher = take_searcher();
            try {
                body(*searcher);
            } catch (const DatabaseError&) {
                throw;  // the handle may be unusable: not given back
            } catch (const Xapian::Error&) {
                throw;
            } catch (...) {
                give_back(std::move(searcher));
                throw;
            }
            give_back(std::move(searcher));
        } catch (const ApiError& e) {
            send_error(res, e.status(), e.what());
        } catch (const QueryError& e) {
            send_error(res, 400, e.what());
        } catch (const UsageError& e) {
            send_error(res, 400, e.what());
        } catch (const DatabaseError& e) {
            send_error(res, 503, e.what());
        } catch (const Xapian::Error& e) {
            send_error(res, 503, "database '" + options.db_path + "': " + e.get_description());
        }
    }

    void search(const httplib::Request& req, httplib::Response& res) {
        const auto start = std::chrono::steady_clock::now();
        SearchRequest request;
        try {
            request = api_search_request(req.params);  // a bad parameter is a 400, database or not
        } catch (const ApiError& e) {
            send_error(res, e.status(), e.what());
            return;
        }
        request.time_limit = options.match_seconds;
        with_searcher(res, [&](Searcher& searcher) {
            const SearchResults results = searcher.search(request);
            const double took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            send_json(res, 200, api_search_json(request, results, took));
        });
    }

    void article(const httplib::Request& req, httplib::Response& res) {
        const std::string id = req.matches[1];
        if (!is_article_id(id)) {
            send_error(res, 404, "no article has the id '" + id + "' (an id is 16 hex digits, as /api/search gives it)");
            return;
        }
        with_searcher(res, [&](Searcher& searcher) {
            const std::optional<ArticleView> view = searcher.article(id, api_article_query(req.params));
            if (!view) throw ApiError(404, "no article has the id '" + id + "' (it may have been removed since)");
            send_json(res, 200, api_article_json(*view));
        });
    }

    void routes() {
        for (const WebAsset& asset : web_assets()) {
            http.Get(std::string(asset.path), [&asset](const httplib::Request&, httplib::Response& res) {
                // The page runs only its own script and style: no inline code, nothing from elsewhere.
                res.set_header("Content-Security-Policy",
                               "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
                res.set_header("X-Content-Type-Options", "nosniff");
                res.set_header("Referrer-Policy", "no-referrer");
                res.set_content(std::string(asset.content), std::string(asset.content_type));
            });
        }
        http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
        http.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) { search(req, res); });
        http.Get(R"(/api/articles/(.*))", [this](const httplib::Request& req, httplib::Response& res) { article(req, res); });
        // Only GET (and HEAD) mean anything here.
        const auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
            res.set_header("Allow", "GET, HEAD");
            send_error(res, 405, req.method + " is not answered here: the API and the page take GET");
        };
        http.Post(".*", not_allowed);
        http.Put(".*", not_allowed);
        http.Patch(".*", not_allowed);
        http.Delete(".*", not_allowed);
        http.Options(".*", not_allowed);
        http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // ours, as sent
            const std::string what = res.status == 404 ? "no such page: " + req.path : status_text(res.status);
            if (is_api(req) || res.status != 404) send_error(res, res.status, what);
            else res.set_content(what + "\n", "text/plain; charset=utf-8");
            return httplib::Server::HandlerResponse::Handled;
        }));
        http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
            std::string message = "internal error";
            try {
                if (ep) std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                message += std::string(": ") + e.what();
            } catch (...) {
            }
            send_error(res, 500, message);
        });
    }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    const ServerOptions& o = impl_->options;
    httplib::Server& http = impl_->http;
    const std::size_t threads = std::max<std::size_t>(o.threads, 1);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    const auto io = std::chrono::duration<double>(o.io_timeout_seconds);
    http.set_read_timeout(std::chrono::duration_cast<std::chrono::microseconds>(io));
    http.set_write_timeout(std::chrono::duration_cast<std::chrono::microseconds>(io));
    http.set_keep_alive_max_count(kKeepAliveRequests);
    http.set_keep_alive_timeout(kKeepAliveSeconds);
    http.set_payload_max_length(kMaxRequestBytes);
    // A response goes out as its head, then its body: with Nagle's algorithm the body waits
    // for the client's delayed ACK of the head, 40 ms on Linux.
    http.set_tcp_nodelay(true);
    // SO_REUSEADDR only: the library's default also sets SO_REUSEPORT, and a
    // second server on a port in use then bound it too and took half its requests.
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    impl_->routes();
}

Server::~Server() = default;

auto Server::bind() -> int {
    Impl& impl = *impl_;
    const ServerOptions& o = impl.options;
    int port = o.port;
    if (port == 0) {
        port = impl.http.bind_to_any_port(o.host);
        if (port < 0) port = 0;
    } else if (!impl.http.bind_to_port(o.host, port)) {
        port = 0;
    }
    if (port == 0) {
        throw UsageError("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                         " (the port is in use, or the host is not an address of this machine): choose another with --host or --port");
    }
    impl.bound = true;
    return port;
}

void Server::run() {
    Impl& impl = *impl_;
    if (!impl.bound) throw UsageError("Server::run before bind");
    impl.started = true;
    if (!impl.stop_requested) impl.http.listen_after_bind();
    impl.finished = true;
}

void Server::stop() {
    Impl& impl = *impl_;
    impl.stop_requested = true;
    if (!impl.started) return;  // run() sees the request and returns at once
    // Listening may not have begun yet: httplib's stop() only ends a running loop.
    while (!impl.http.is_running() && !impl.finished) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    impl.http.stop();
}

}  // namespace fts
