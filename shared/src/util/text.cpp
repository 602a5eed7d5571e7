#include "fts/util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace fts {
namespace {

// The first code point of `s` (negative when there is none or it is not valid UTF-8) and its length in bytes.
auto first_code_point(std::string_view s) -> std::pair<UChar32, std::size_t> {
    int32_t i = 0;
    UChar32 c = -1;
    if (!s.empty()) U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    return {c, static_cast<std::size_t>(i)};
}

}  // namespace

auto starts_with_capital(std::string_view s) -> bool {
    const UChar32 c = first_code_point(s).first;
    return c > 0 && u_isupper(c);
}

auto capitalise_first(std::string_view s) -> std::string {
    const auto [c, length] = first_code_point(s);
    if (c <= 0) return std::string(s);
    uint8_t buf[U8_MAX_LENGTH];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(buf, n, U8_MAX_LENGTH, u_toupper(c), error);
    if (error) return std::string(s);
    std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
    out += s.substr(length);
    return out;
}

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

auto whole_number_error(const std::string& text, long long low, long long high) -> std::string {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end == text.c_str() || *end != '\0' || (errno != 0 && errno != ERANGE)) {
        return "'" + text + "' is not a whole number";
    }
    if (errno == ERANGE || v < low || v > high) {
        return text + " is out of range: give a whole number from " + std::to_string(low) + " to " + std::to_string(high);
    }
    return {};
}

}  // namespace fts
