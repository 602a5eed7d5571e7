#include "fts/util/hash.hpp"

namespace fts {

auto fnv1a64(std::string_view bytes, std::uint64_t seed) -> std::uint64_t {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

auto to_hex(std::uint64_t value) -> std::string {
    static const char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = digits[value & 0xF];
    return out;
}

}  // namespace fts
