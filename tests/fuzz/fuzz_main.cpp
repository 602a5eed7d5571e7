// libFuzzer entry point for one target, chosen at build time (FTS_FUZZ_TARGET).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets.hpp"

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    fts::fuzz::FTS_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
