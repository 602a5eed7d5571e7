#include "fts/index/variants.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "fts/error.hpp"
#include "fts/index/terms.hpp"
#include "fts/util/hash.hpp"
#include "fts/util/text.hpp"

namespace fts {

extern const char* const kShippedVariantsText;  // variants_data.cpp, generated from shared/data/variants.txt

auto shipped_variants() -> std::string_view { return kShippedVariantsText; }

auto parse_variants(std::string_view text, const std::string& source, std::vector<VariantGroup> into)
    -> std::vector<VariantGroup> {
    std::map<std::string, std::size_t> seen;  // word (ASCII letters folded) -> group
    for (std::size_t g = 0; g < into.size(); ++g) {
        for (const std::string& w : into[g]) seen[ascii_lower(w)] = g;
    }
    std::size_t line_no = 0;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(at, end - at);
        ++line_no;
        at = end + 1;
        if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        VariantGroup group;
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
            const std::size_t b = i;
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
            if (i > b) group.emplace_back(line.substr(b, i - b));
        }
        if (group.empty()) continue;
        const std::string where = source + ", line " + std::to_string(line_no);
        if (group.size() == 1) throw UsageError(where + ": '" + group[0] + "' has no variant beside it on its line");
        for (const std::string& w : group) {
            if (seen.count(ascii_lower(w))) throw UsageError(where + ": '" + w + "' is already in another group of variants");
            seen[ascii_lower(w)] = into.size();
        }
        into.push_back(std::move(group));
    }
    return into;
}

auto variant_synonyms(const std::vector<VariantGroup>& groups, Analyzer& analyzer)
    -> std::vector<std::pair<std::string, std::string>> {
    std::set<std::pair<std::string, std::string>> out;
    for (const VariantGroup& group : groups) {
        std::vector<Token> words;
        for (const std::string& w : group) {
            std::vector<Token> t = analyzer.analyze(w);
            if (t.size() == 1) words.push_back(std::move(t[0]));  // a word the analyser splits is not one term
        }
        for (const Token& a : words) {
            for (const Token& b : words) {
                if (terms::exact("", a) == terms::exact("", b)) continue;
                out.emplace(terms::exact("", a), terms::exact("", b));
                if (!a.stem.empty() && !b.stem.empty() && a.stem != b.stem) out.emplace(terms::stemmed("", a), terms::stemmed("", b));
            }
        }
    }
    return {out.begin(), out.end()};
}

namespace {

auto digest_of(const std::vector<std::pair<std::string, std::string>>& synonyms) -> std::string {
    std::string all;
    for (const auto& [k, v] : synonyms) all += k + '\t' + v + '\n';
    return to_hex(fnv1a64(all));
}

}  // namespace

auto synonyms_current(const Xapian::Database& db, const std::vector<std::pair<std::string, std::string>>& synonyms) -> bool {
    return db.get_metadata(std::string(terms::kMetaVariants)) == digest_of(synonyms);
}

auto read_variants(const Xapian::Database& db) -> VariantTable {
    VariantTable out;
    const std::string pairs = db.get_metadata(std::string(terms::kMetaVariantPairs));
    std::string_view rest(pairs);
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 1, rest.size()));
        const std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        out[std::string(line.substr(0, tab))].emplace_back(line.substr(tab + 1));
    }
    return out;
}

auto user_variants(const Xapian::Database& db) -> std::string { return db.get_metadata(std::string(terms::kMetaUserVariants)); }

void write_synonyms(Xapian::WritableDatabase& db, const std::vector<std::pair<std::string, std::string>>& synonyms,
                    const std::string& user_text) {
    std::string pairs;
    for (const auto& [k, v] : synonyms) {
        pairs += k;
        pairs += '\t';
        pairs += v;
        pairs += '\n';
    }
    db.set_metadata(std::string(terms::kMetaVariantPairs), pairs);
    db.set_metadata(std::string(terms::kMetaVariants), digest_of(synonyms));
    db.set_metadata(std::string(terms::kMetaUserVariants), user_text);
}

}  // namespace fts
