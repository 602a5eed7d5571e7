// searcher: rank the passages of an index for a query and print them.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <xapian.h>

#include "fts/cli/hit_printer.hpp"
#include "fts/cli/options.hpp"
#include "fts/error.hpp"
#include "fts/ranking/searcher.hpp"
#include "fts/util/utf8.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Search the articles of an index built by the indexer, each shown by its best passage."};
    fts::SearcherOptions options;
    fts::add_searcher_options(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::cerr << fts::parse_error_message("searcher", e) << '\n';
        return fts::kExitError;
    }
    try {
        const fts::SearchRequest request = options.to_request();
        fts::Searcher searcher(options.db_path);
        const fts::SearchResults results = searcher.search(request);
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
        std::cerr << "searcher: database '" << options.db_path << "': " << e.get_description() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "searcher: " << e.what() << '\n';
    }
    return fts::kExitError;
}
