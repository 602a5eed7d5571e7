// indexer: bring a Xapian database in line with a folder of articles.
#include <unistd.h>

#include <iostream>

#include <xapian.h>

#include "fts/cli/options.hpp"
#include "fts/error.hpp"
#include "fts/index/indexing_run.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Index the articles (.txt, .md, .html) under folders into a Xapian database, one document per article."};
    fts::IndexerOptions options;
    fts::add_indexer_options(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? fts::kExitOk : fts::kExitError;
    }
    options.progress = isatty(STDERR_FILENO) != 0 && !options.quiet;
    try {
        const fts::IndexSummary summary = fts::run_indexer(options, std::cerr);
        if (!options.quiet) std::cout << "indexer: " << summary.line() << '\n';
        return summary.exit_code();
    } catch (const fts::DatabaseLockedError& e) {
        std::cerr << "indexer: " << e.what() << '\n';
    } catch (const fts::Error& e) {
        std::cerr << "indexer: " << e.what() << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << "indexer: database '" << options.db_path << "': " << e.get_description() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "indexer: " << e.what() << '\n';
    }
    return fts::kExitError;
}
