// Minimal JSON output: string escaping and a one-line object builder.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fts {

// Appends `text` as a JSON string literal (quotes included). REQUIRES: valid UTF-8.
void append_json_string(std::string& out, std::string_view text);

// Builds one JSON object on one line; keys appear in insertion order.
class JsonObject {
  public:
    auto add(std::string_view key, std::string_view value) -> JsonObject&;
    auto add(std::string_view key, const char* value) -> JsonObject& { return add(key, std::string_view(value)); }
    auto add(std::string_view key, long long value) -> JsonObject&;
    auto add_fixed(std::string_view key, double value, int decimals) -> JsonObject&;
    auto add_null(std::string_view key) -> JsonObject&;
    auto add_raw(std::string_view key, std::string_view json) -> JsonObject&;
    [[nodiscard]] auto str() const -> std::string { return body_ + "}"; }

  private:
    void key(std::string_view k);
    std::string body_ = "{";
};

}  // namespace fts
