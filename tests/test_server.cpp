// searcher serve: the API's parameters and JSON, then the server on a free
// loopback port: responses, errors, and what the indexer commits meanwhile.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>

#include "fts/error.hpp"
#include "fts/index/indexing_run.hpp"
#include "fts/server/api.hpp"
#include "fts/server/http_server.hpp"
#include "support/helpers.hpp"

namespace {

auto params(std::initializer_list<std::pair<const std::string, std::string>> list) -> fts::ApiParams { return fts::ApiParams(list); }

// Articles with front matter, in a temporary folder, indexed into db/.
class Collection {
  public:
    Collection() {
        write("korea.md", "---\ntitle: Sanctions on North Korea\nauthor: Ann Lee\nsource: Example Daily\ndate: 2017-03-03\n---\n\n"
                          "The sanctions on North Korea were widened in March. Coal and seafood exports fell.\n");
        write("rail.md", "---\ntitle: The Rajin-Hasan railway\nauthor: Ann Lee\nsource: Wire\ndate: 2019-04\n---\n\n"
                         "Russia and North Korea reopened the Rajin-Hasan railway. Sanctions exempt the coal it carries.\n");
        // Markup as text (entities in HTML): it must reach clients as text.
        write("summit.html", "<html><head><title>Summit in &lt;Vladivostok&gt;</title><meta name=\"author\" content=\"Boris Ivanov\">"
                             "<meta name=\"date\" content=\"2019\"></head><body><p>Kim Jong-un met Vladimir Putin. Nobody wrote "
                             "&lt;script&gt;alert(\"x\")&lt;/script&gt; or &lt;/textarea&gt; or 'quotes'.</p></body></html>");
        write("undated.txt", "A note on sanctions without a date or an author.\n");
    }
    void write(const std::string& name, const std::string& text) const { dir_.write("corpus/" + name, text); }
    void remove(const std::string& name) const { std::filesystem::remove(dir_.path() / "corpus" / name); }
    [[nodiscard]] auto db() const -> std::string { return (dir_.path() / "db").string(); }
    void index() const {
        fts::IndexerOptions o;
        o.db_path = db();
        o.paths = {(dir_.path() / "corpus").string()};
        o.jobs = 1;
        std::ostringstream diagnostics;
        (void)fts::run_indexer(o, diagnostics);
    }

  private:
    fts::test::TempDir dir_;
};

// The server on a free loopback port, serving until destroyed.
class RunningServer {
  public:
    explicit RunningServer(const std::string& db) : server_(options(db)), port_(server_.bind()), thread_([this] { server_.run(); }) {}
    ~RunningServer() {
        server_.stop();
        thread_.join();
    }
    RunningServer(const RunningServer&) = delete;
    auto operator=(const RunningServer&) -> RunningServer& = delete;

    [[nodiscard]] auto client() const -> httplib::Client {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(20, 0);
        return c;
    }
    // GET path: status and body (status 0 when there is no answer).
    [[nodiscard]] auto get(const std::string& path) const -> std::pair<int, std::string> {
        httplib::Client c = client();
        const httplib::Result r = c.Get(path.c_str());
        if (!r) return {0, ""};
        return {r->status, r->body};
    }

    [[nodiscard]] auto port() const -> int { return port_; }

  private:
    static auto options(const std::string& db) -> fts::ServerOptions {
        fts::ServerOptions o;
        o.db_path = db;
        o.port = 0;
        o.threads = 4;
        o.io_timeout_seconds = 0.5;
        return o;
    }
    fts::Server server_;
    int port_;
    std::thread thread_;
};

auto contains(const std::string& text, const std::string& part) -> bool { return text.find(part) != std::string::npos; }

// A raw connection to the server: bytes out, whatever comes back until it closes.
class RawClient {
  public:
    explicit RawClient(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        timeval limit{10, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    }
    ~RawClient() { close(fd_); }
    RawClient(const RawClient&) = delete;
    auto operator=(const RawClient&) -> RawClient& = delete;
    void send_bytes(const std::string& bytes) const { REQUIRE(send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())); }
    // Until the server closes the connection, or (`head_only`) the end of a response's head.
    [[nodiscard]] auto read(bool head_only) const -> std::string {
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = recv(fd_, buf, sizeof buf, 0)) > 0;) {
            out.append(buf, static_cast<std::size_t>(n));
            if (head_only && out.find("\r\n\r\n") != std::string::npos) break;
        }
        return out;
    }

  private:
    int fd_;
};

}  // namespace

TEST_CASE("api: search parameters become a request, or a 400 naming the parameter", "[server]") {
    const fts::SearchRequest r = fts::api_search_request(params({{"q", "korea"}, {"limit", "20"}, {"offset", "40"}, {"sort", "date"},
                                                                {"since", "2017"}, {"until", "2019-04"}, {"passages", "1"}, {"op", "and"}}));
    CHECK(r.query == "korea");
    CHECK(r.limit == 20);
    CHECK(r.offset == 40);
    CHECK(r.sort == fts::SortOrder::date);
    CHECK(r.all_passages);
    CHECK(r.default_op == fts::DefaultOperator::all);
    CHECK(r.facets);
    REQUIRE(r.since);
    CHECK(r.since->first_day() == "20170101");
    REQUIRE(r.until);
    CHECK(r.until->last_day() == "20190430");
    CHECK_FALSE(fts::api_search_request(params({{"q", "x"}, {"facets", "0"}})).facets);

    struct Bad {
        fts::ApiParams params;
        std::string says;
    };
    const std::vector<Bad> bad{
        {params({}), "parameter 'q': the query is missing"},
        {params({{"q", "  "}}), "parameter 'q': the query is missing"},
        {params({{"q", std::string(fts::kMaxQueryBytes + 1, 'a')}}), "parameter 'q': the query is 4097 bytes long"},
        {params({{"q", "caf\xe9"}}), "parameter 'q' is not UTF-8"},
        {params({{"q", "x"}, {"limit", "0"}}), "parameter 'limit': 0 is out of range"},
        {params({{"q", "x"}, {"limit", "101"}}), "parameter 'limit': 101 is out of range"},
        {params({{"q", "x"}, {"limit", "-1"}}), "parameter 'limit': '-1' is not a whole number"},
        {params({{"q", "x"}, {"limit", "ten"}}), "parameter 'limit': 'ten' is not a whole number"},
        {params({{"q", "x"}, {"offset", "99999999999999999999"}}), "parameter 'offset': 99999999999999999999 is out of range"},
        {params({{"q", "x"}, {"sort", "newest"}}), "parameter 'sort': 'newest' is not one of relevance, date"},
        {params({{"q", "x"}, {"passages", "yes"}}), "parameter 'passages': 'yes' is not one of"},
        {params({{"q", "x"}, {"since", "2020-13"}}), "parameter 'since': '2020-13' is not a date"},
        {params({{"q", "x"}, {"since", "2020"}, {"until", "2019"}}), "since 2020-01-01 is after until 2019-12-31"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.says);
        try {
            (void)fts::api_search_request(b.params);
            FAIL("accepted");
        } catch (const fts::ApiError& e) {
            CHECK(e.status() == 400);
            CHECK(contains(e.what(), b.says));
        }
    }
}

TEST_CASE("api: only 16 lower-case hex digits can name an article", "[server]") {
    CHECK(fts::is_article_id("0123456789abcdef"));
    for (const char* id : {"", "0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "../../etc/passwd", "0123456789abcde/"}) {
        CAPTURE(id);
        CHECK_FALSE(fts::is_article_id(id));
    }
}

TEST_CASE("server: search, facets, articles and errors over HTTP", "[server]") {
    const Collection c;
    c.index();
    const RunningServer server(c.db());

    auto [status, body] = server.get("/api/search?q=sanctions");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("query":"sanctions")"));
    CHECK(contains(body, R"("total":3,"total_exact":true)"));
    // Facets count the whole match: 2017, 2019-04 and undated; authors and sources as written.
    CHECK(contains(body, R"("year":[{"value":"2017","count":1},{"value":"2019","count":1}])"));
    CHECK(contains(body, R"("month":[{"value":"2017-03","count":1},{"value":"2019-04","count":1}])"));
    CHECK(contains(body, R"("author":[{"value":"Ann Lee","count":2}],"author_other":0)"));
    CHECK(contains(body, R"("source":[{"value":"Example Daily","count":1},{"value":"Wire","count":1}],"source_other":0)"));
    CHECK(contains(body, R"("article":"korea.md")"));

    // A page of one: the facets and count still cover every match.
    std::tie(status, body) = server.get("/api/search?q=sanctions&limit=1&offset=1");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("total":3)"));
    CHECK(contains(body, R"("rank":2)"));
    CHECK_FALSE(contains(body, R"("rank":1,)"));

    // A facet narrows the search as the page applies it: a field filter.
    std::tie(status, body) = server.get("/api/search?q=sanctions%20author:%22Ann%20Lee%22");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("total":2)"));
    // The page's author and source filters hold for the whole query, whatever its operators
    // (appended to it, author:"..." would bind to `Putin` alone).
    std::tie(status, body) = server.get("/api/search?q=sanctions%20OR%20Putin&author=Ann%20Lee");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("total":2)"));
    std::tie(status, body) = server.get("/api/search?q=sanctions%20OR%20Putin&author=Ann%20Lee&source=Wire");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("total":1)"));
    CHECK(contains(body, R"("article":"rail.md")"));
    std::tie(status, body) = server.get("/api/search?q=sanctions&author=%22--%22");
    CHECK(status == 400);
    CHECK(contains(body, R"(the author '\"--\"' has no word to search for)"));

    // The article, with what the query marks in it; its text exactly as stored.
    std::tie(status, body) = server.get("/api/search?q=Putin");
    REQUIRE(status == 200);
    const std::size_t at = body.find(R"("id":")");
    REQUIRE(at != std::string::npos);
    const std::string id = body.substr(at + 6, 16);
    std::tie(status, body) = server.get("/api/articles/" + id + "?q=Putin");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("title":"Summit in <Vladivostok>")"));
    CHECK(contains(body, R"(<script>alert(\"x\")</script> or </textarea> or 'quotes')"));
    CHECK(contains(body, R"("date":"2019")"));
    CHECK(contains(body, R"("passages":[{"begin":0,)"));
    const std::size_t putin = std::string("Kim Jong-un met Vladimir ").size();
    CHECK(contains(body, "\"highlights\":[[" + std::to_string(putin) + "," + std::to_string(putin + 5) + "]]"));

    struct Error {
        std::string path;
        int status;
        std::string says;
    };
    const std::vector<Error> errors{
        {"/api/search?q=x&limit=500", 400, R"("error":"parameter 'limit': 500 is out of range)"},
        {"/api/search?q=%22%22", 400, R"("error":"the query has no words to search for)"},
        {"/api/search?q=korea&since=tomorrow", 400, R"("error":"parameter 'since': )"},
        {"/api/articles/0000000000000000", 404, R"("error":"no article has the id '0000000000000000')"},
        {"/api/articles/..%2F..%2Fetc%2Fpasswd", 404, R"("error":"no article has the id '../../etc/passwd')"},
        {"/api/nothing", 404, R"("status":404)"},
    };
    for (const Error& e : errors) {
        CAPTURE(e.path);
        std::tie(status, body) = server.get(e.path);
        CHECK(status == e.status);
        CHECK(contains(body, e.says));
    }

    // The page, its script and style, all from the binary, under a strict policy.
    httplib::Client client = server.client();
    const httplib::Result page = client.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(contains(page->get_header_value("Content-Type"), "text/html"));
    CHECK(contains(page->get_header_value("Content-Security-Policy"), "script-src 'self'"));
    CHECK(contains(page->body, R"(<form id="search")"));
    CHECK(server.get("/app.js").first == 200);
    const httplib::Result post = client.Post("/api/search?q=korea", "q=korea", "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD");
    const httplib::Result head = client.Head("/api/search?q=sanctions");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(server.get("/app.css").first == 200);
}

TEST_CASE("server: a port in use is refused, even by another server of ours", "[server]") {
    const Collection c;
    const RunningServer first(c.db());
    fts::ServerOptions o;
    o.db_path = c.db();
    o.port = first.port();
    fts::Server second(o);
    try {
        (void)second.bind();
        FAIL("a second server bound port " << o.port);
    } catch (const fts::UsageError& e) {
        CHECK(contains(e.what(), "cannot listen on 127.0.0.1:" + std::to_string(o.port)));
    }
}

TEST_CASE("server: 503 until the database exists, then what each commit holds", "[server]") {
    Collection c;
    const RunningServer server(c.db());
    auto [status, body] = server.get("/api/search?q=sanctions");
    CHECK(status == 503);
    CHECK(contains(body, "no database at"));
    // A bad request is a 400 whether or not there is a database to run it on.
    std::tie(status, body) = server.get("/api/search?limit=5");
    CHECK(status == 400);
    CHECK(contains(body, "parameter 'q': the query is missing"));

    c.index();
    std::tie(status, body) = server.get("/api/search?q=sanctions");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("total":3)"));

    // Re-indexed: a new article, one changed, one removed; the next request sees it all.
    c.write("new.md", "---\ntitle: More sanctions\n---\n\nA fourth text on sanctions and coal.\n");
    c.write("korea.md", "---\ntitle: Seafood exports\n---\n\nExports of seafood fell in March.\n");
    c.remove("undated.txt");
    c.index();
    std::tie(status, body) = server.get("/api/search?q=sanctions");
    REQUIRE(status == 200);
    CHECK(contains(body, R"("total":2)"));
    CHECK(contains(body, R"("article":"new.md")"));
    CHECK_FALSE(contains(body, R"("article":"korea.md")"));
    CHECK_FALSE(contains(body, R"("article":"undated.txt")"));
}

TEST_CASE("server: malformed requests and slow clients are answered or cut off, and it serves on", "[server]") {
    const Collection c;
    c.index();
    const RunningServer server(c.db());
    {
        const RawClient garbage(server.port());
        garbage.send_bytes("\x16\x03\x01 not HTTP at all\r\n\r\n");
        CHECK(garbage.read(true).rfind("HTTP/1.1 400", 0) == 0);
    }
    {
        const RawClient huge(server.port());
        huge.send_bytes("GET /api/search?q=" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(huge.read(true).rfind("HTTP/1.1 414", 0) == 0);
    }
    {
        // Half a request line, then silence: the server gives up on it within its read timeout.
        const RawClient slow(server.port());
        slow.send_bytes("GET /api/sea");
        const auto start = std::chrono::steady_clock::now();
        (void)slow.read(false);  // returns once the server closes the connection
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(8));
    }
    CHECK(server.get("/api/search?q=sanctions").first == 200);
}

TEST_CASE("server: parallel requests while the indexer commits never fail", "[server]") {
    const Collection c;
    c.index();
    const RunningServer server(c.db());
    std::atomic<bool> done{false};
    std::atomic<int> failures{0}, answered{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
        clients.emplace_back([&, t] {
            httplib::Client client = server.client();
            client.set_keep_alive(true);
            const std::string path = t % 2 == 0 ? "/api/search?q=sanctions%20coal" : "/api/search?q=%22North%20Korea%22&limit=3";
            while (!done) {
                const httplib::Result r = client.Get(path.c_str());
                if (!r || r->status != 200) {
                    ++failures;
                    UNSCOPED_INFO((r ? std::to_string(r->status) + " " + r->body : std::string("no answer")));
                }
                ++answered;
            }
        });
    }
    for (int round = 0; round < 6; ++round) {
        c.write("round.md", "---\ntitle: Round " + std::to_string(round) + "\n---\n\nSanctions and coal, round " + std::to_string(round) + ".\n");
        c.index();
    }
    done = true;
    for (std::thread& t : clients) t.join();
    CHECK(answered > 0);
    CHECK(failures == 0);
}
