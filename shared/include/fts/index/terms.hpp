// The index contract: term prefixes, value slots, positions and the stored
// data of an article document. The indexer and the query builder both go
// through these helpers, so a term is never spelt two ways.
//
// One Xapian document per article. Every word occurrence is written once:
//   word            unprefixed, normalised surface form, with positions    "sanctions"
//                   (a possessive's without its 's: NormalizeFilter)        "korea" for "Korea's"
//                   (compounds of dash-joined words too, at their first     "il6" for "IL-6"
//                   word's position: Analyzer::compounds; the parts of
//                   Amazon.com at its position: Analyzer::address_parts; the
//                   figure of 1.2bn at its position: Analyzer::figures)
//   Z<stem>         stem of a letter token, no positions (wdf only)         "Zsanction"
//   S<word>/ZS<stem>  title words, positions / stems                        "Snegotiations"
//   A<word>         author words (boolean filter)                           "Aramani"
//   XSRC<word>      source words (boolean filter)                           "XSRCreuters"
//   Y<yyyy> M<yyyymm> D<yyyymmdd>  date, as far as it is known (boolean)    "Y2017"
//                   (a date filter is the OR of these: date_range_terms)
//   Q<key>          unique id of the article (key: 16 hex digits)
//   K<hh>           the key's first two hex digits: 256 buckets in key order  "K3f"
//                   (a query of uninformative words lists its articles in key
//                   order from the first buckets on, not from all of them)
// Synonyms (Xapian's synonym table): the spelling variants of a word, by its
// exact and by its stemmed term ("defence" -> "defense", "Zdefenc" -> "Zdefens").
// Positions: body word k (0-based, as Analyzer::analyze gives them) is at
// kBodyPosition + k; the title's words follow the body after a gap of
// kTitleGap positions, as unprefixed terms with wdf kArticleTitleWdf (titles
// count more in the article's weight) and at positions 1.. under S.
// Passages are not documents: their word ranges over the body positions are
// stored with the article (ArticleData, value kSlotArticleData), and the
// searcher scores them from the query terms' position lists. The documents
// hold no data: what is shown of an article is that value too.
// Hangul is indexed as overlapping syllable bigrams (HangulFilter): a run's
// bigrams sit at consecutive positions, its last syllable alone after them,
// and a bigram across the space between two runs, marked "_" ("_법집"), at
// the earlier run's last position (Analyzer::spaced_bigrams): a query of two
// syllables does not find two words that merely meet ("한 국방부" is not
// 한국), a longer one finds its bigrams either way.
// Spelling (Xapian's spelling table, for did-you-mean): every word term of
// is_spelling_word with its wdf summed over the articles that hold it; kept in
// step as articles are added, replaced and removed (IndexWriter).
// Unprefixed terms are normalised (case-folded), so they never start with an
// upper-case ASCII letter and cannot collide with a prefix.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fts/analysis/token.hpp"
#include "fts/document/article.hpp"

namespace fts::terms {

// Bump when analysis or this contract changes: an index written with another
// version is rebuilt in full by the next indexer run.
inline constexpr std::string_view kIndexFormat = "newsfts-17";

inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kAuthor = "A";
inline constexpr std::string_view kSource = "XSRC";
inline constexpr std::string_view kYear = "Y";
inline constexpr std::string_view kMonth = "M";
inline constexpr std::string_view kDay = "D";
inline constexpr std::string_view kArticleId = "Q";
inline constexpr std::string_view kKeyBucket = "K";
inline constexpr std::string_view kStemmed = "Z";

inline constexpr Xapian::termpos kBodyPosition = 1;  // position of the body's first word
inline constexpr Xapian::termpos kTitleGap = 100;    // positions between the body's end and the title
// The title's first unprefixed word, counted from the body's first (as body word positions are).
[[nodiscard]] constexpr auto title_offset(std::size_t body_words) -> Xapian::termpos {
    return static_cast<Xapian::termpos>(body_words) + kTitleGap;
}
// Each title word adds this to its wdf in the article document (body words add 1).
inline constexpr Xapian::termcount kArticleTitleWdf = 2;

// Value slots.
inline constexpr Xapian::valueno kSlotArticle = 0;    // article key (16 hex digits)
inline constexpr Xapian::valueno kSlotDate = 1;       // first day the date can mean, "YYYYMMDD" (Date::first_day)
inline constexpr Xapian::valueno kSlotDateEnd = 2;    // last day the date can mean (Date::last_day)
inline constexpr Xapian::valueno kSlotArticleData = 3;  // header, passages and text (ArticleData::serialise)
inline constexpr Xapian::valueno kSlotRecord = 4;     // the file it came from (ArticleRecord::serialise)
// For counting the articles of a match by period, author and source (facets):
inline constexpr Xapian::valueno kSlotPeriod = 5;     // "YYYY-MM", or "YYYY" when the month is unknown; none undated
inline constexpr Xapian::valueno kSlotAuthor = 6;     // the author as written (ArticleMetadata::author); none when unknown
inline constexpr Xapian::valueno kSlotSource = 7;     // the source as written; none when unknown
// --sort date, newest first: "1" + kSlotDate + key, or "0" + key when undated
// (unique, so that a remote match brings each article's key with it).
inline constexpr Xapian::valueno kSlotDateOrder = 8;

// Metadata keys (Xapian user metadata, committed with the documents).
inline constexpr std::string_view kMetaFormat = "format";              // kIndexFormat of the writer
inline constexpr std::string_view kMetaPassages = "stats:passages";    // passages in the index (decimal)
inline constexpr std::string_view kMetaPassageWords = "stats:words";   // body words in the index (decimal)
inline constexpr std::string_view kMetaVariants = "variants";          // digest of the synonym table (index/variants.hpp)
inline constexpr std::string_view kMetaUserVariants = "variants:user"; // the text of the user's variant files
inline constexpr std::string_view kMetaVariantPairs = "variants:pairs"; // "TERM\tVARIANT" lines (index/variants.hpp)
// A shard of a folder of shards (indexer --shards N): "K N SET", shard K of N
// of the folder whose stub file says "# set SET". The searcher refuses to
// search some of a set's shards without the others.
inline constexpr std::string_view kMetaShard = "shard";

inline constexpr std::string_view kSpacedMark = "_";

// The exact (unstemmed, positional) term of a token, under `prefix`.
[[nodiscard]] auto exact(std::string_view prefix, const Token& token) -> std::string;
// The term of a Hangul bigram written across a space: prefix + "_" + bigram.
[[nodiscard]] auto spaced(std::string_view prefix, const Token& token) -> std::string;
// The stemmed term of a token ("Z" + prefix + stem), or "" when it has no stem.
[[nodiscard]] auto stemmed(std::string_view prefix, const Token& token) -> std::string;
// What a bare query word matches: the stemmed term when there is one, else the exact term.
[[nodiscard]] auto loose(std::string_view prefix, const Token& token) -> std::string;

// True for a term of no prefix (prefixes are upper-case ASCII letters; see above).
[[nodiscard]] inline auto is_unprefixed(std::string_view term) -> bool {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

// True for an unprefixed term that a misspelt query word may be corrected to:
// a word of at least kMinSpellingLetters letters, all of them Latin, Cyrillic
// or Greek (edit distance means little for Hangul bigrams or Han characters;
// digits mark codes and numbers).
[[nodiscard]] auto is_spelling_word(std::string_view term) -> bool;
inline constexpr std::size_t kMinSpellingLetters = 5;

[[nodiscard]] auto article_id_term(std::string_view article_key) -> std::string;

// The date terms of an article dated `d`, as far as it is known: "Y2017",
// then "M201702" when the month is known, then "D20170203" when the day is.
[[nodiscard]] auto date_terms(const Date& d) -> std::vector<std::string>;
// The fewest date terms that find exactly the articles dated within the days
// [from, to] (both whole dates, from <= to): a year that lies whole in the
// range is its Y term (an article dated only "2017" lies within it), a month
// left whole its M term, a day left its D term. date:2017-03-30..2017-05 is
// D20170330 D20170331 M201704 M201705. Empty when it takes more than `most`.
[[nodiscard]] auto date_range_terms(const Date& from, const Date& to, std::size_t most) -> std::vector<std::string>;

// The key buckets: bucket b holds the articles whose key starts with b's two
// hex digits, so every key of bucket b sorts before every key of bucket b + 1.
inline constexpr unsigned kKeyBuckets = 256;
[[nodiscard]] auto key_bucket_term(std::string_view article_key) -> std::string;  // "K" + its first two digits
[[nodiscard]] auto key_bucket_term(unsigned bucket) -> std::string;               // bucket < kKeyBuckets

// Xapian limits terms to 245 bytes; longer words (base64 junk, URLs) are not indexed.
inline constexpr std::size_t kMaxTermBytes = 240;

}  // namespace fts::terms
