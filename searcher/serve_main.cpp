// searcher serve: the search over HTTP, a JSON API and a web page. `searcher
// serve ...` runs this program (it lives beside the searcher); it is apart so
// that a query process never loads the HTTP library (shared/CMakeLists.txt).
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "fts/cli/options.hpp"
#include "fts/error.hpp"
#include "fts/ranking/searcher.hpp"
#include "fts/server/http_server.hpp"
#include "fts/util/utf8.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Serve the search over HTTP: a web page at /, and a JSON API at /api/search and /api/articles/ID."};
    app.name("searcher serve");
    fts::ServerOptions options;
    fts::add_serve_options(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << fts::parse_error_message("searcher serve", e) << '\n';
        return fts::kExitError;
    }
    // SIGINT and SIGTERM are taken by one thread, which stops the server;
    // every other thread (the server's too) inherits the blocked mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a client that went away is an error on its socket, not the end
    try {
        fts::Server server(options);
        const int port = server.bind();
        try {
            (void)fts::Searcher(std::vector<std::string>{options.db_path},
                                options.allow_partial ? fts::UnreachableShards::skip : fts::UnreachableShards::fail);
        } catch (const fts::Error& e) {
            std::cerr << "searcher serve: warning: " << fts::terminal_text(e.what())
                      << " (the API answers 503 until it can be opened)\n";
        }
        const bool ipv6 = options.host.find(':') != std::string::npos;
        const std::string shown = fts::remote_address(options.db_path) ? options.db_path : std::filesystem::absolute(options.db_path).string();
        std::cerr << "searcher serve: serving " << fts::terminal_text(shown)
                  << " on http://" << (ipv6 ? "[" + options.host + "]" : options.host) << ":" << port << "/ (Ctrl-C stops)"
                  << std::endl;
        std::atomic<bool> finished{false};
        std::thread waiter([&] {
            int signal = 0;
            sigwait(&stop_signals, &signal);
            if (finished) return;
            server.stop();
            // Requests in progress get a moment to complete; a client still
            // sending its request (a slow one) is not waited for.
            for (int i = 0; i < 30 && !finished; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!finished) {
                std::cerr << "searcher serve: stopped (a client still sending a request was cut off)" << std::endl;
                std::_Exit(fts::kExitOk);
            }
        });
        server.run();
        finished = true;
        pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter when nothing else stopped the server
        waiter.join();
        std::cerr << "searcher serve: stopped" << std::endl;
        return fts::kExitOk;
    } catch (const fts::Error& e) {
        std::cerr << "searcher serve: " << fts::terminal_text(e.what()) << '\n';
    } catch (const std::exception& e) {
        std::cerr << "searcher serve: " << e.what() << '\n';
    }
    return fts::kExitError;
}
