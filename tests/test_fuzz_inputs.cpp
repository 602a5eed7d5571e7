// Replays every fuzz target's seed corpus and the inputs that once failed
// (tests/fuzz/corpus/TARGET/), so a fixed crash stays fixed in the ordinary suite.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/targets.hpp"

namespace fs = std::filesystem;

TEST_CASE("fuzz inputs: every seed and regression input of every target", "[fuzz]") {
    std::size_t inputs = 0;
    for (const fts::fuzz::Target& target : fts::fuzz::kTargets) {
        const fs::path dir = fs::path(FTS_FUZZ_CORPUS) / target.name;
        REQUIRE(fs::is_directory(dir));
        for (const auto& entry : fs::directory_iterator(dir)) {
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            CAPTURE(target.name, entry.path().filename().string());
            target.run(bytes);  // aborts on a broken promise
            ++inputs;
        }
    }
    CHECK(inputs >= 5 * 4);  // seeds for every target
}
