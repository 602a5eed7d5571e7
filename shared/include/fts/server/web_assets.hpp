// The web page `searcher serve` serves: the files of shared/web/, built into
// the binary (shared/CMakeLists.txt), so the page needs nothing else.
#pragma once

#include <string_view>
#include <vector>

namespace fts {

struct WebAsset {
    std::string_view path;          // as requested: "/", "/app.js"
    std::string_view content_type;
    std::string_view content;
};

[[nodiscard]] auto web_assets() -> const std::vector<WebAsset>&;

}  // namespace fts
