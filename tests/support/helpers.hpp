// Test helpers shared by the test files.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fts/analysis/token.hpp"

namespace fts::test {

// A temporary directory removed on destruction; move-only.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("fts-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        if (!path_.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(path_, ec);
        }
    }
    TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    TempDir(const TempDir&) = delete;
    auto operator=(const TempDir&) -> TempDir& = delete;

    [[nodiscard]] auto path() const -> const std::filesystem::path& { return path_; }
    // Writes `content` to `relative` below the directory, creating folders.
    void write(const std::string& relative, const std::string& content) const {
        const auto p = path_ / relative;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
    }

  private:
    std::filesystem::path path_;
};

// Checks a token's text and source offsets together.
inline void check_token(const Token& token, std::string_view source, const std::string& text, std::string_view surface) {
    CAPTURE(text, surface, token.text, token.begin, token.end);
    CHECK(token.text == text);
    REQUIRE(token.end <= source.size());
    CHECK(source.substr(token.begin, token.end - token.begin) == surface);
}

}  // namespace fts::test
