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
    return words.count(word) > 0;
}

}  // namespace fts
