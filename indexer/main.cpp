// indexer: bring a Xapian database in line with a folder of articles.
#include <unistd.h>

#include <iostream>
#include <string>

#include <xapian.h>

#include "fts/cli/options.hpp"
#include "fts/error.hpp"
#include "fts/index/index_writer.hpp"
#include "fts/index/indexing_run.hpp"
#include "fts/util/utf8.hpp"

namespace {

// What a user should know when the disk filled up under the run: Xapian's
// own errors say only "No space left on device" (they come from a run in
// place: the aside build gives DiskFullError).
auto disk_full_note(const std::string& message) -> std::string {
    if (!fts::says_disk_full(message)) return {};
    return std::string("\nindexer: the disk is full: ") + fts::kDiskFullInPlace;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Index the articles (.txt, .md, .html) under folders into a Xapian database, one document per article."};
    fts::IndexerOptions options;
    fts::add_indexer_options(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::cerr << fts::parse_error_message("indexer", e) << '\n';
        return fts::kExitError;
    }
    options.progress = isatty(STDERR_FILENO) != 0 && !options.quiet;
    try {
        const fts::IndexSummary summary = fts::run_indexer(options, std::cerr);
        if (!options.quiet) std::cout << "indexer: " << summary.line() << '\n';
        return summary.exit_code();
    } catch (const fts::DiskFullError& e) {
        std::cerr << "indexer: " << fts::terminal_text(e.what()) << "\nindexer: the disk is full: " << e.advice() << '\n';
    } catch (const fts::Error& e) {
        std::cerr << "indexer: " << fts::terminal_text(e.what()) << disk_full_note(e.what()) << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << "indexer: database '" << fts::terminal_text(options.db_path) << "': " << e.get_description()
                  << disk_full_note(e.get_description()) << '\n';
    } catch (const std::exception& e) {
        std::cerr << "indexer: " << e.what() << '\n';
    }
    return fts::kExitError;
}
