#include "fts/util/utf8.hpp"

#include <algorithm>
#include <cstdio>

namespace fts {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF).
auto sequence_length(std::string_view s, std::size_t i) -> std::size_t {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    std::size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    for (std::size_t k = 1; k <= need; ++k) {
        if (i + k >= s.size()) return 0;
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    }
    return need + 1;
}

}  // namespace

auto repair_utf8(std::string_view bytes) -> Utf8Repair {
    Utf8Repair out;
    out.text.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const char c = bytes[i];
        if (c == '\r') {
            out.text.push_back('\n');
            i += (i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == '\0') {
            ++i;
            continue;
        }
        const std::size_t len = sequence_length(bytes, i);
        if (len == 0) {
            if (out.replaced++ == 0) out.first_bad = i;
            out.text.append("\xEF\xBF\xBD");
            ++i;
            // Skip continuation bytes that belonged to the broken sequence.
            while (i < bytes.size() && (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80) ++i;
            continue;
        }
        out.text.append(bytes.substr(i, len));
        i += len;
    }
    return out;
}

auto utf8_sequence_length(std::string_view text, std::size_t i) -> std::size_t { return sequence_length(text, i); }

auto terminal_text(std::string_view text) -> std::string {
    std::string out;
    out.reserve(text.size());
    char buf[8];
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const std::size_t len = sequence_length(text, i);
        if (len == 0) {
            std::snprintf(buf, sizeof buf, "\\x%02x", b);
            out += buf;
            ++i;
        } else if (b == '\n' || b == '\t' || b == '\r') {
            out.push_back(' ');
            ++i;
        } else if (b < 0x20 || b == 0x7f) {
            std::snprintf(buf, sizeof buf, "\\x%02x", b);
            out += buf;
            ++i;
        } else if (b == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {  // U+0080..U+009F
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
            out += buf;
            i += 2;
        } else if (b == 0xE2 && ((text[i + 1] == '\x80' && static_cast<unsigned char>(text[i + 2]) >= 0xAA &&
                                  static_cast<unsigned char>(text[i + 2]) <= 0xAE) ||
                                 (text[i + 1] == '\x81' && static_cast<unsigned char>(text[i + 2]) >= 0xA6 &&
                                  static_cast<unsigned char>(text[i + 2]) <= 0xA9))) {
            // Bidirectional embeddings, overrides and isolates (U+202A..E, U+2066..9): they can
            // make a file name read backwards.
            const unsigned cp = 0x2000 + ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) +
                                (static_cast<unsigned char>(text[i + 2]) & 0x3F);
            std::snprintf(buf, sizeof buf, "\\u%04x", cp);
            out += buf;
            i += 3;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    return out;
}

auto code_point_count(std::string_view text) -> std::size_t {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace fts
