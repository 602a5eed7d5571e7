// `searcher serve`: the search over HTTP. The JSON API (server/api.hpp) and
// the web page (shared/web/, built into the binary) from one process.
//
// Requests run in parallel on a pool of threads; each takes a Searcher (its
// own database handle and analyzer) from an idle set, so nothing that is not
// thread-safe is shared. A Searcher moves to the latest committed revision
// before each request: what the indexer commits is seen without a restart.
// Bounded: the query and page (api.hpp), the request (kMaxRequestBytes), the
// time to read a request or write a response, and the match time per search.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace fts {

inline constexpr std::size_t kMaxRequestBytes = 16 * 1024;

struct ServerOptions {
    std::string db_path = "xapian-db";
    std::string host = "127.0.0.1";  // loopback: reachable from this machine only
    int port = 8080;                 // 0: any free port (Server::bind says which)
    // Threads serving requests. A keep-alive connection holds one while it
    // is open, so a few more than the cores serve many clients smoothly.
    std::size_t threads = 16;
    double io_timeout_seconds = 5;   // to read a request, or write a response
    double match_seconds = 2;        // SearchRequest::time_limit
    bool allow_partial = false;      // an unreachable remote shard is left out, with a warning in the answer
};

class Server {
  public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    auto operator=(const Server&) -> Server& = delete;

    // Binds to host:port and returns the port. Throws UsageError when it
    // cannot (the port taken, an unknown host). The database need not exist
    // yet: until it does, the API answers 503.
    auto bind() -> int;
    // Serves on the bound port until stop(); returns then. REQUIRES: bind().
    void run();
    // Ends run(): no new requests are taken, those running complete. Safe
    // from any thread.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fts
