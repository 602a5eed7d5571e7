#include "fts/util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace fts {

auto ascii_lower(std::string_view s) -> std::string {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
    return out;
}

auto trim(std::string_view s) -> std::string_view {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

auto fixed(double value, int decimals) -> std::string {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

}  // namespace fts
