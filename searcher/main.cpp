// searcher: rank the passages of an index for a query and print them.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <vector>

#include <xapian.h>

#include "fts/cli/hit_printer.hpp"
#include "fts/cli/options.hpp"
#include "fts/error.hpp"
#include "fts/ranking/searcher.hpp"
#include "fts/util/utf8.hpp"

namespace {

// `searcher serve ...`: runs the server program installed beside this one
// (searcher/serve_main.cpp) in this process's place. Returns only on failure.
auto exec_serve(int argc, char** argv) -> int {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path program = (ec ? std::filesystem::path(argv[0]) : self).parent_path() / "searcher-serve";
    std::vector<char*> args;
    args.push_back(const_cast<char*>("searcher serve"));
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    execv(program.c_str(), args.data());
    std::cerr << "searcher: serve: cannot run '" << program.string() << "': " << std::strerror(errno)
              << " (it is built beside the searcher: scripts/build.sh)\n";
    return fts::kExitError;
}

}  // namespace

int main(int argc, char** argv) {
    // The first word `serve` starts the server; a query for that word alone is `searcher -- serve`.
    if (argc > 1 && std::strcmp(argv[1], "serve") == 0) return exec_serve(argc, argv);
    CLI::App app{"Search the articles of an index built by the indexer, each shown by its best passage."};
    fts::SearcherOptions options;
    fts::add_searcher_options(app, options);
    app.footer("searcher serve [--db PATH] [--port N]: the same search as a web page and a JSON API (searcher serve --help).\n"
               "A query of the word serve alone: searcher -- serve");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::cerr << fts::parse_error_message("searcher", e) << '\n';
        return fts::kExitError;
    }
    try {
        const fts::SearchRequest request = options.to_request();
        fts::Searcher searcher(options.db_paths,
                               options.allow_partial ? fts::UnreachableShards::skip : fts::UnreachableShards::fail);
        const fts::SearchResults results = searcher.search(request);
        for (const std::string& shard : results.unreachable_shards) {
            std::cerr << "searcher: warning: " << fts::terminal_text(fts::unreachable_shard_note(shard)) << '\n';
        }
        for (const std::string& w : results.warnings) std::cerr << "searcher: query: " << fts::terminal_text(w) << '\n';
        if (!results.suggestion.empty()) std::cerr << "searcher: did you mean: " << fts::terminal_text(results.suggestion) << '\n';
        const bool color = fts::color_enabled(options.color, isatty(STDOUT_FILENO) != 0, std::getenv("NO_COLOR"));
        if (options.explain && !options.json) {
            std::cout << "query: " << fts::terminal_text(results.parsed) << "\nxapian: " << fts::describe_scoring(results, request.ranking)
                      << "\n\n";
        }
        for (const fts::Hit& hit : results.hits) {
            if (options.json) {
                std::cout << fts::format_hit_json(hit, results, options.explain) << '\n';
            } else {
                std::cout << fts::format_hit_text(hit, color, options.explain) << '\n';
            }
        }
        if (!options.json) {
            std::cout << fts::count_line(results) << '\n';
        }
        return results.hits.empty() ? fts::kExitNothing : fts::kExitOk;
    } catch (const fts::Error& e) {
        std::cerr << "searcher: " << fts::terminal_text(e.what()) << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << "searcher: database";
        for (const std::string& p : options.db_paths) std::cerr << " '" << p << "'";
        std::cerr << ": " << e.get_description() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "searcher: " << e.what() << '\n';
    }
    return fts::kExitError;
}
