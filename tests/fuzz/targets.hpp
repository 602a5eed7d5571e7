// Fuzz targets: each takes arbitrary bytes and must neither crash, hang nor
// trip a sanitizer; each also checks what its code promises about its output
// and aborts when a promise is broken. libFuzzer drives them
// (tests/fuzz/fuzz_main.cpp, scripts/fuzz.sh); the test suite replays the
// seed corpus and every input that once failed (tests/fuzz/corpus/TARGET/).
#pragma once

#include <string_view>

namespace fts::fuzz {

void query(std::string_view bytes);     // parser and builder: a query as typed, any bytes
void analyzer(std::string_view bytes);  // tokenizer, filters, compounds: token offsets
void reader(std::string_view bytes);    // text, Markdown and HTML files: metadata and body
void passages(std::string_view bytes);  // passage splitting: spans in order, within the text
void snippet(std::string_view bytes);   // "QUERY\nPASSAGE": the snippet and its highlights

struct Target {
    const char* name;
    void (*run)(std::string_view);
};

inline constexpr Target kTargets[] = {
    {"query", query}, {"analyzer", analyzer}, {"reader", reader}, {"passages", passages}, {"snippet", snippet},
};

}  // namespace fts::fuzz
