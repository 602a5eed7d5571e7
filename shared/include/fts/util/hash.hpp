// Content hashing for change detection and stable article keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fts {

// 64-bit FNV-1a; not cryptographic, used to notice changed files and to key articles.
[[nodiscard]] auto fnv1a64(std::string_view bytes, std::uint64_t seed = 0xcbf29ce484222325ULL) -> std::uint64_t;

// 16 lowercase hex digits.
[[nodiscard]] auto to_hex(std::uint64_t value) -> std::string;

}  // namespace fts
