// The index contract: term prefixes, value slots and the stored data of a
// passage document. The indexer and the query builder both go through these
// helpers, so a term is never spelt two ways.
//
// One Xapian document per passage, plus one per article holding the whole
// text (the article-level evidence the ranker combines with the best passage).
// Terms (after the analyzer has run):
//   word            unprefixed, normalised surface form, with positions    "sanctions"
//                   (compounds of dash-joined words too, at their first     "il6" for "IL-6"
//                   word's position: Analyzer::compounds)
//   Z<stem>         stem of a letter token, no positions (wdf only)         "Zsanction"
//   S<word>/ZS<stem>  title words, positions / stems                        "Snegotiations"
//   A<word>         author words (boolean filter)                           "Aramani"
//   XSRC<word>      source words (boolean filter)                           "XSRCreuters"
//   Y<yyyy> M<yyyymm> D<yyyymmdd>  date, as far as it is known (boolean)    "Y2017"
//   XA<key>         the article the passage belongs to (key: 16 hex digits)
//   Q<key>/<n>      unique id of passage n of that article
//   Q<key>/article  unique id of the article document
//   XKINDpassage / XKINDarticle   which of the two kinds a document is
//   XBOILERPLATE    the passage is closing boilerplate (author bio)
// The article document holds body and title words as unprefixed terms, the
// title's with wdf kArticleTitleWdf per occurrence (titles count more), plus
// the S/ZS, A, XSRC and date terms; its data is empty.
// Unprefixed terms are normalised (case-folded), so they never start with an
// upper-case ASCII letter and cannot collide with a prefix.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

#include "fts/analysis/token.hpp"

namespace fts::terms {

// Bump when analysis or this contract changes: an index written with another
// version is re-indexed in full by the next indexer run.
inline constexpr std::string_view kIndexFormat = "newsfts-3";

inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kAuthor = "A";
inline constexpr std::string_view kSource = "XSRC";
inline constexpr std::string_view kYear = "Y";
inline constexpr std::string_view kMonth = "M";
inline constexpr std::string_view kDay = "D";
inline constexpr std::string_view kArticle = "XA";
inline constexpr std::string_view kPassageId = "Q";
inline constexpr std::string_view kStemmed = "Z";
inline constexpr std::string_view kBoilerplate = "XBOILERPLATE";
inline constexpr std::string_view kKindPassage = "XKINDpassage";
inline constexpr std::string_view kKindArticle = "XKINDarticle";

// Each title word adds this to its wdf in the article document (body words add 1).
inline constexpr Xapian::termcount kArticleTitleWdf = 2;

// Value slots.
inline constexpr Xapian::valueno kSlotArticle = 0;  // article key: collapse key, one hit per article
inline constexpr Xapian::valueno kSlotDate = 1;     // Date::sortable() "YYYYMMDD" ("00" for unknown parts)
inline constexpr Xapian::valueno kSlotPassage = 2;  // passage number, sortable_serialise

// Metadata keys (Xapian user metadata, committed with the documents).
inline constexpr std::string_view kMetaFormat = "format";           // kIndexFormat of the writer
inline constexpr std::string_view kMetaArticlePrefix = "article:";  // + key -> ArticleRecord

// The exact (unstemmed, positional) term of a token, under `prefix`.
[[nodiscard]] auto exact(std::string_view prefix, const Token& token) -> std::string;
// The stemmed term of a token ("Z" + prefix + stem), or "" when it has no stem.
[[nodiscard]] auto stemmed(std::string_view prefix, const Token& token) -> std::string;
// What a bare query word matches: the stemmed term when there is one, else the exact term.
[[nodiscard]] auto loose(std::string_view prefix, const Token& token) -> std::string;

[[nodiscard]] auto article_term(std::string_view article_key) -> std::string;
[[nodiscard]] auto passage_id_term(std::string_view article_key, std::size_t passage) -> std::string;
[[nodiscard]] auto article_id_term(std::string_view article_key) -> std::string;

// Xapian limits terms to 245 bytes; longer words (base64 junk, URLs) are not indexed.
inline constexpr std::size_t kMaxTermBytes = 240;

}  // namespace fts::terms
