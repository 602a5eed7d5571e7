#include "fts/util/json.hpp"

#include <cmath>
#include <cstdio>

#include "fts/util/text.hpp"
#include "fts/util/utf8.hpp"

namespace fts {

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const std::size_t len = utf8_sequence_length(text, i);
        if (len == 0) {  // not UTF-8 (a Latin-1 file name, a raw query byte): JSON text is UTF-8
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (len > 1) {
            out.append(text.substr(i, len));
            i += len;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out.push_back(c);
                }
        }
        ++i;
    }
    out.push_back('"');
}

void JsonObject::key(std::string_view k) {
    if (body_.size() > 1) body_.push_back(',');
    append_json_string(body_, k);
    body_.push_back(':');
}

auto JsonObject::add(std::string_view k, std::string_view value) -> JsonObject& {
    key(k);
    append_json_string(body_, value);
    return *this;
}

auto JsonObject::add(std::string_view k, long long value) -> JsonObject& {
    key(k);
    body_ += std::to_string(value);
    return *this;
}

auto JsonObject::add_fixed(std::string_view k, double value, int decimals) -> JsonObject& {
    key(k);
    body_ += std::isfinite(value) ? fixed(value, decimals) : "null";  // JSON has no NaN or infinity
    return *this;
}

auto JsonObject::add_null(std::string_view k) -> JsonObject& {
    key(k);
    body_ += "null";
    return *this;
}

auto JsonObject::add_raw(std::string_view k, std::string_view json) -> JsonObject& {
    key(k);
    body_ += json;
    return *this;
}

}  // namespace fts
