// Spelling variants searched as one word (denuclearisation = denuclearization,
// Rason = Rajin): groups of words read from the variant file that ships with
// the project (shared/data/variants.txt, built into the binaries) and from
// files given to the indexer, written into the database's synonym table, and
// looked up there by the query builder.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "fts/analysis/analyzer.hpp"

namespace fts {

using VariantGroup = std::vector<std::string>;

// The shipped variant file's text.
[[nodiscard]] auto shipped_variants() -> std::string_view;

// Groups of a variant file: one group a line, words split by white space,
// '#' to the end of a line a comment. Throws UsageError naming `source` and
// the line for a group of one word or a word already in another group.
[[nodiscard]] auto parse_variants(std::string_view text, const std::string& source,
                                  std::vector<VariantGroup> into = {}) -> std::vector<VariantGroup>;

// The synonym table entries of the groups: for each pair of words of a group,
// their exact terms and their stemmed terms, both ways.
[[nodiscard]] auto variant_synonyms(const std::vector<VariantGroup>& groups, Analyzer& analyzer)
    -> std::vector<std::pair<std::string, std::string>>;

// The variants are kept in the database's metadata (terms::kMetaVariantPairs,
// lines "TERM\tVARIANT"), not in Xapian's synonym table: a remote shard
// served by xapian-tcpsrv answers metadata but not synonyms.

// Whether the database holds exactly `synonyms` (a digest in its metadata).
[[nodiscard]] auto synonyms_current(const Xapian::Database& db, const std::vector<std::pair<std::string, std::string>>& synonyms)
    -> bool;
// Makes the database hold exactly `synonyms`, and records the text of the
// user's variant files they came from (user_variants); commit to keep it.
void write_synonyms(Xapian::WritableDatabase& db, const std::vector<std::pair<std::string, std::string>>& synonyms,
                    const std::string& user_text);

// Each term's variants, as write_synonyms recorded them: one metadata read
// (over several databases, the first one's: they are written alike).
using VariantTable = std::unordered_map<std::string, std::vector<std::string>>;
[[nodiscard]] auto read_variants(const Xapian::Database& db) -> VariantTable;
// The user's variant files as the last run that gave them recorded them: a
// run without --variants keeps them.
[[nodiscard]] auto user_variants(const Xapian::Database& db) -> std::string;

}  // namespace fts
