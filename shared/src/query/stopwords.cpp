#include "fts/query/stopwords.hpp"

#include <unordered_set>

namespace fts {

auto is_stopword(std::string_view word) -> bool {
    // All but "does" and "why" are their own English stems, so stems match too.
    static const std::unordered_set<std::string_view> words{
        "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does",
        "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "may", "might", "of", "on", "or", "our", "she", "should", "so", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your"};
    // Russian ones, as the analyzer leaves them (ё as е); negations are kept,
    // as "not" is in English.
    static const std::unordered_set<std::string_view> russian{
        "а",  "бы",  "в",   "во",  "вы",  "да",   "для", "до",   "его",  "ее",      "ей",  "ему", "если",
        "же", "за",  "и",   "из",  "или", "их",   "к",   "как",  "когда", "который", "ли",  "мы",  "на",
        "над", "но", "о",   "об",  "он",  "она",  "они", "оно",  "от",   "по",      "под", "при", "про",
        "с",  "со",  "так", "то",  "тоже", "у",   "чем", "что",  "чтобы", "это",    "этот", "эти", "я"};
    return words.count(word) > 0 || russian.count(word) > 0;
}

}  // namespace fts
