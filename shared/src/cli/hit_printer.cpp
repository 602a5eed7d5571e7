#include "fts/cli/hit_printer.hpp"

#include <algorithm>
#include <cstdio>

#include "fts/util/json.hpp"
#include "fts/util/text.hpp"
#include "fts/util/utf8.hpp"

namespace fts {
namespace {

auto full_path(const PassageRecord& r) -> std::string { return r.root + "/" + r.article; }

// [{"part": LABEL, "weight": W}, ...]
auto shares_json(const std::vector<ScoreShare>& shares) -> std::string {
    std::string out = "[";
    for (const ScoreShare& s : shares) {
        if (out.size() > 1) out += ",";
        JsonObject part;
        part.add("part", s.label).add_fixed("weight", s.weight, 4);
        out += part.str();
    }
    return out + "]";
}

}  // namespace

auto explain_note(const Hit& hit) -> std::string {
    if (!hit.explain) return {};
    const Explanation& ex = *hit.explain;
    std::string note = "passage BM25 " + fixed(hit.passage_score, 3);
    if (ex.by_date) return "sorted by date; " + note;
    if (hit.record.boilerplate) note += " (boilerplate, scaled)";
    note += " + " + fixed(ex.article_weight, 2) + " x article " + ex.model + " " + fixed(hit.article_score, 3);
    if (hit.feedback_score > 0) note += " + " + fixed(ex.feedback_weight, 2) + " x feedback " + fixed(hit.feedback_score, 3);
    return note + " = " + fixed(hit.score, 3);
}

auto describe_scoring(const SearchResults& results, const RankingOptions& ranking) -> std::string {
    const char* model = model_name(ranking.article_model);
    std::string out = results.xapian_query + "\n        scored: best passage BM25 + " + fixed(ranking.article_weight, 2) +
                      " x article " + model;
    if (!results.feedback_query.empty()) {
        out += "\n        + " + fixed(ranking.feedback.weight, 2) + " x " + model + " feedback, after hit " +
               std::to_string(ranking.feedback.after) + ": " + results.feedback_query;
    }
    return out;
}

auto count_line(const SearchResults& results) -> std::string {
    std::string line = std::to_string(results.hits.size()) + " shown of " + (results.total_exact ? "" : "about ") +
                       std::to_string(results.total) + (results.total == 1 ? " matching article" : " matching articles");
    if (!results.corrected_query.empty()) {
        line += " for: " + terminal_text(results.corrected_query) + " (nothing matches the query as typed)";
    }
    return line;
}

auto render_highlighted(std::string_view text, const Highlights& highlights, const Markers& markers) -> std::string {
    std::string out;
    std::size_t at = 0;
    for (const auto& [b, e] : highlights) {
        out += terminal_text(text.substr(at, b - at));
        out += markers.open;
        out += terminal_text(text.substr(b, e - b));
        out += markers.close;
        at = e;
    }
    out += terminal_text(text.substr(at));
    return out;
}

auto format_hit_text(const Hit& hit, bool color, bool explain) -> std::string {
    const PassageRecord& r = hit.record;
    std::string out = std::to_string(hit.rank) + ". ";
    if (color) {
        // Bold, and the highlights red within it (their end resets the bold).
        constexpr std::string_view kBold = "\x1b[1m";
        Markers markers = kColorMarkers;
        markers.close += kBold;
        out += kBold;
        out += render_highlighted(r.title, hit.title_highlights, markers);
        out += "\x1b[0m";
    } else {
        out += render_highlighted(r.title, hit.title_highlights, kPlainMarkers);
    }
    out += " \u2014 " + (r.date.empty() ? std::string("undated") : terminal_text(r.date));
    if (!r.author.empty()) out += " \u2014 " + terminal_text(r.author);
    out += "\n   " + terminal_text(r.article) + "  passage " + std::to_string(r.passage) + "  score " + fixed(hit.score, 3) + "\n   ";
    out += render_snippet(hit.snippet, color ? kColorMarkers : kPlainMarkers);
    out += "\n";
    if (explain && hit.explain) {
        out += "   explain: " + explain_note(hit) + "\n";
        out += "     passage  article  query part\n";
        auto weight_of = [](const std::vector<ScoreShare>& parts, const std::string& label) {
            for (const ScoreShare& p : parts) {
                if (p.label == label) return fixed(p.weight, 3);
            }
            return std::string("    -");
        };
        std::vector<std::string> labels;
        const std::vector<ScoreShare>& parts = hit.explain->parts;
        const std::vector<ScoreShare>& article_parts = hit.explain->article_parts;
        for (const auto* list : {&parts, &article_parts}) {
            for (const ScoreShare& p : *list) {
                if (std::find(labels.begin(), labels.end(), p.label) == labels.end()) labels.push_back(p.label);
            }
        }
        for (const std::string& label : labels) {
            char row[64];
            std::snprintf(row, sizeof row, "     %7s  %7s  ", weight_of(parts, label).c_str(),
                          weight_of(article_parts, label).c_str());
            out += row + label + "\n";
        }
    }
    return out;
}

auto highlights_json(const Highlights& highlights) -> std::string {
    std::string out = "[";
    for (const auto& [b, e] : highlights) {
        if (out.size() > 1) out += ",";
        out.append("[").append(std::to_string(b)).append(",").append(std::to_string(e)).append("]");
    }
    return out + "]";
}

auto format_hit_json(const Hit& hit, const SearchResults& results, bool explain) -> std::string {
    const PassageRecord& r = hit.record;
    JsonObject o;
    o.add("rank", static_cast<long long>(hit.rank)).add_fixed("score", hit.score, 4).add("id", hit.id).add("article", r.article);
    o.add("path", full_path(r)).add("title", r.title).add_raw("title_highlights", highlights_json(hit.title_highlights));
    if (r.author.empty()) o.add_null("author");
    else o.add("author", r.author);
    if (r.source.empty()) o.add_null("source");
    else o.add("source", r.source);
    // JSON dates are full dates; a month- or year-only date is given as written.
    if (r.date.empty()) o.add_null("date");
    else o.add("date", r.date);
    o.add("passage", static_cast<long long>(r.passage)).add_raw("boilerplate", r.boilerplate ? "true" : "false");
    o.add("text", r.text).add("snippet", hit.snippet.text).add_raw("highlights", highlights_json(hit.snippet.highlights));
    if (results.suggestion.empty()) o.add_null("suggestion");
    else o.add("suggestion", results.suggestion);
    if (results.corrected_query.empty()) o.add_null("searched_for");
    else o.add("searched_for", results.corrected_query);
    if (explain && hit.explain) {
        JsonObject ex;
        ex.add("note", explain_note(hit))
            .add_fixed("passage_score", hit.passage_score, 4)
            .add_fixed("article_score", hit.article_score, 4)
            .add_fixed("feedback_score", hit.feedback_score, 4)
            .add_raw("parts", shares_json(hit.explain->parts))
            .add_raw("article_parts", shares_json(hit.explain->article_parts));
        o.add_raw("explain", ex.str());
    }
    return o.str();
}

}  // namespace fts
