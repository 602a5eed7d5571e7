#include "fts/query/query_parser.hpp"

#include <cctype>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "fts/document/metadata.hpp"
#include "fts/error.hpp"
#include "fts/util/text.hpp"

namespace fts {
namespace {

using Node = QueryNode;
using NodePtr = std::unique_ptr<QueryNode>;

struct Lexeme {
    enum class Type { word, phrase, open, close, op_and, op_or, op_not, op_near, date };
    Type type = Type::word;
    std::string text;
    Field field = Field::body;
    Node::Modifier modifier = Node::Modifier::none;
    unsigned distance = 10;
};

auto is_space(char c) -> bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Quote characters: ASCII and the typographic ones a pasted query may hold.
auto quote_length(std::string_view s, std::size_t i) -> std::size_t {
    if (s[i] == '"') return 1;
    for (std::string_view q : {"\u201C", "\u201D", "\u201E", "\u00AB", "\u00BB"}) {
        if (s.substr(i, q.size()) == q) return q.size();
    }
    return 0;
}

auto field_named(std::string_view name, Field& field, bool& is_date) -> bool {
    const std::string n = ascii_lower(name);
    is_date = n == "date";
    if (n == "title") field = Field::title;
    else if (n == "author" || n == "by") field = Field::author;
    else if (n == "source") field = Field::source;
    else return is_date;
    return true;
}

class Lexer {
  public:
    Lexer(std::string_view text, std::vector<std::string>& warnings) : s_(text), warnings_(warnings) {}

    auto run() -> std::vector<Lexeme> {
        std::vector<Lexeme> out;
        while (true) {
            while (i_ < s_.size() && is_space(s_[i_])) ++i_;
            if (i_ >= s_.size()) break;
            Lexeme lx;
            // +word, -word; a sign before a digit belongs to a number ("-2", "+1").
            if ((s_[i_] == '+' || s_[i_] == '-') && i_ + 1 < s_.size() && !is_space(s_[i_ + 1]) &&
                s_[i_ + 1] != '-' && s_[i_ + 1] != '+' && (s_[i_ + 1] < '0' || s_[i_ + 1] > '9')) {
                lx.modifier = s_[i_] == '+' ? Node::Modifier::required : Node::Modifier::prohibited;
                ++i_;
            }
            // field:value
            bool is_date = false;
            const std::size_t colon = s_.find(':', i_);
            if (colon != std::string_view::npos && (colon + 1 == s_.size() || is_space(s_[colon + 1])) &&
                s_.substr(i_, colon - i_).find_first_of(" \t\n\"()") == std::string_view::npos) {
                Field field = Field::body;
                if (field_named(s_.substr(i_, colon - i_), field, is_date)) {  // "title:" with nothing after it
                    std::string warning = "'";  // appended: GCC 12 warns falsely (-Wrestrict) on string + here
                    warning += s_.substr(i_, colon + 1 - i_);
                    // The example is of the field written: date:2021 has no space either.
                    warning += is_date ? "' has nothing after it: ignored (write e.g. date:2021 or date:2017..2019)"
                                       : "' has nothing after it: ignored (write e.g. title:korea)";
                    warnings_.push_back(std::move(warning));
                    i_ = colon + 1;
                    continue;
                }
            }
            if (colon != std::string_view::npos && colon + 1 < s_.size() && !is_space(s_[colon + 1]) &&
                s_.substr(i_, colon - i_).find_first_of(" \t\n\"()") == std::string_view::npos &&
                field_named(s_.substr(i_, colon - i_), lx.field, is_date)) {
                i_ = colon + 1;
                if (is_date) {
                    lx.type = Lexeme::Type::date;
                    lx.text = take_bare();
                    out.push_back(std::move(lx));
                    continue;
                }
            }
            if (const std::size_t q = quote_length(s_, i_)) {
                i_ += q;
                lx.type = Lexeme::Type::phrase;
                lx.text = take_until_quote();
                out.push_back(std::move(lx));
                continue;
            }
            if (s_[i_] == '(') {
                ++i_;
                lx.type = Lexeme::Type::open;
                out.push_back(std::move(lx));
                continue;
            }
            if (s_[i_] == ')') {
                ++i_;
                lx.type = Lexeme::Type::close;
                out.push_back(std::move(lx));
                continue;
            }
            lx.text = take_bare();
            if (lx.modifier == Node::Modifier::none && lx.field == Field::body) classify_operator(lx);
            out.push_back(std::move(lx));
        }
        return out;
    }

  private:
    auto take_bare() -> std::string {
        const std::size_t start = i_;
        while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '(' && s_[i_] != ')' && quote_length(s_, i_) == 0) ++i_;
        return std::string(s_.substr(start, i_ - start));
    }
    auto take_until_quote() -> std::string {
        const std::size_t start = i_;
        while (i_ < s_.size() && quote_length(s_, i_) == 0) ++i_;
        std::string text(s_.substr(start, i_ - start));
        if (i_ < s_.size()) {
            i_ += quote_length(s_, i_);
        } else {
            warnings_.push_back("unclosed quote: read as a phrase to the end of the query");
        }
        return text;
    }
    static void classify_operator(Lexeme& lx) {
        if (lx.text == "AND" || lx.text == "&&") lx.type = Lexeme::Type::op_and;
        else if (lx.text == "OR" || lx.text == "||") lx.type = Lexeme::Type::op_or;
        else if (lx.text == "NOT") lx.type = Lexeme::Type::op_not;
        else if (lx.text == "NEAR") lx.type = Lexeme::Type::op_near;
        else if (lx.text.rfind("NEAR/", 0) == 0) {
            const std::string n = lx.text.substr(5);
            if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos ||
                std::stoul(n) < 1 || std::stoul(n) > kMaxNearDistance) {
                throw QueryError("'" + lx.text + "': NEAR's distance must be a whole number of words from 1 to " +
                                 std::to_string(kMaxNearDistance) + ", e.g. NEAR/5");
            }
            lx.type = Lexeme::Type::op_near;
            lx.distance = static_cast<unsigned>(std::stoul(n));
        }
    }

    std::string_view s_;
    std::vector<std::string>& warnings_;
    std::size_t i_ = 0;
};

class Parser {
  public:
    Parser(std::vector<Lexeme> lexemes, std::vector<std::string>& warnings)
        : lx_(std::move(lexemes)), warnings_(warnings) {
        demote_dangling_operators();
    }

    auto run() -> NodePtr {
        NodePtr root = parse_or();
        while (pos_ < lx_.size()) {
            // Only a stray ')' can stop the top level early.
            warnings_.push_back("unmatched ')' ignored");
            ++pos_;
            NodePtr rest = parse_or();
            if (rest) root = root ? combine(Node::Kind::juxtaposed, std::move(root), std::move(rest)) : std::move(rest);
        }
        return root;
    }

  private:
    using T = Lexeme::Type;

    auto is_operand_start(std::size_t i) const -> bool {
        return i < lx_.size() && (lx_[i].type == T::word || lx_[i].type == T::phrase || lx_[i].type == T::open ||
                                  lx_[i].type == T::date || lx_[i].type == T::op_not);
    }
    auto is_operand_end(std::size_t i) const -> bool {
        return lx_[i].type == T::word || lx_[i].type == T::phrase || lx_[i].type == T::close || lx_[i].type == T::date;
    }

    // An operator with nothing on one side is just a word ("NOT", "AND" at the end).
    void demote_dangling_operators() {
        for (std::size_t i = 0; i < lx_.size(); ++i) {
            Lexeme& l = lx_[i];
            if (l.type != T::op_and && l.type != T::op_or && l.type != T::op_not && l.type != T::op_near) continue;
            const bool right = is_operand_start(i + 1);
            const bool left = i > 0 && is_operand_end(i - 1);
            const bool ok = l.type == T::op_not ? right : (left && right);
            if (ok) continue;
            const char* where = l.type == T::op_not || (left && !right) ? "after it"
                                : !left && !right                       ? "on either side"
                                                                        : "before it";
            l.type = T::word;
            warnings_.push_back("'" + l.text + "' has nothing " + std::string(where) + ": searched as the word '" + l.text +
                                "'");
        }
    }

    auto peek(T type) const -> bool { return pos_ < lx_.size() && lx_[pos_].type == type; }

    static auto combine(Node::Kind kind, NodePtr a, NodePtr b) -> NodePtr {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->children.push_back(std::move(a));
        n->children.push_back(std::move(b));
        return n;
    }

    auto parse_or() -> NodePtr {
        NodePtr left = parse_juxtaposed();
        while (peek(T::op_or)) {
            ++pos_;
            NodePtr right = parse_juxtaposed();
            if (!left) left = std::move(right);
            else if (right) {
                if (left->kind == Node::Kind::any_of && left->modifier == Node::Modifier::none) left->children.push_back(std::move(right));
                else left = combine(Node::Kind::any_of, std::move(left), std::move(right));
            }
        }
        return left;
    }

    auto parse_juxtaposed() -> NodePtr {
        auto group = std::make_unique<Node>();
        group->kind = Node::Kind::juxtaposed;
        while (pos_ < lx_.size() && !peek(T::op_or) && !peek(T::close)) {
            if (peek(T::op_and) || peek(T::op_near)) {  // only reachable after a failed operand
                ++pos_;
                continue;
            }
            NodePtr item = parse_and();  // with its modifier: -a, +a, NOT a
            if (item) group->children.push_back(std::move(item));
        }
        if (group->children.empty()) return nullptr;
        if (group->children.size() == 1 && group->children[0]->modifier == Node::Modifier::none) {
            return std::move(group->children[0]);
        }
        return group;
    }

    // AND's operands, each may be negated by a leading NOT or '-' (the same
    // thing, binding tighter than AND) or marked '+' (which AND implies):
    // `a AND -b`, `a AND NOT b` and `NOT b AND a` all mean `a NOT b`. One
    // operand alone keeps its mark for the group it stands in; a chain of
    // negated operands only is a group of prohibited parts.
    auto parse_and() -> NodePtr {
        std::vector<NodePtr> positive, negative;
        for (bool first = true;; first = false) {
            if (!first) {
                if (!peek(T::op_and)) break;
                ++pos_;
            }
            bool negated = false;
            if (peek(T::op_not)) {
                ++pos_;
                negated = true;
                if (peek(T::op_not)) {
                    warnings_.push_back("'NOT NOT' is read as one NOT");
                    while (peek(T::op_not)) ++pos_;
                }
            }
            const Node::Modifier written = pos_ < lx_.size() ? lx_[pos_].modifier : Node::Modifier::none;
            NodePtr item = parse_not();
            if (!item) continue;
            if (negated || written == Node::Modifier::prohibited) {
                item->modifier = Node::Modifier::prohibited;
                negative.push_back(std::move(item));
            } else {
                if (written == Node::Modifier::required) item->modifier = written;
                positive.push_back(std::move(item));
            }
        }
        if (positive.size() + negative.size() == 1) return std::move(positive.empty() ? negative[0] : positive[0]);
        if (positive.empty()) {
            if (negative.empty()) return nullptr;
            auto group = std::make_unique<Node>();
            group->kind = Node::Kind::juxtaposed;
            group->children = std::move(negative);
            return group;
        }
        NodePtr left;
        if (positive.size() == 1) {
            left = std::move(positive[0]);
            left->modifier = Node::Modifier::none;
        } else {
            left = std::make_unique<Node>();
            left->kind = Node::Kind::all_of;
            for (NodePtr& n : positive) n->modifier = Node::Modifier::none;
            left->children = std::move(positive);
        }
        for (NodePtr& n : negative) {
            n->modifier = Node::Modifier::none;
            left = combine(Node::Kind::but_not, std::move(left), std::move(n));
        }
        return left;
    }

    auto parse_not() -> NodePtr {
        NodePtr left = parse_near();
        while (peek(T::op_not) && left) {
            ++pos_;
            if (peek(T::op_not)) {
                warnings_.push_back("'NOT NOT' is read as one NOT");
                while (peek(T::op_not)) ++pos_;
            }
            NodePtr right = parse_near();
            if (right) left = combine(Node::Kind::but_not, std::move(left), std::move(right));
        }
        return left;
    }

    auto parse_near() -> NodePtr {
        NodePtr left = parse_primary();
        while (peek(T::op_near) && left) {
            const unsigned distance = lx_[pos_].distance;
            ++pos_;
            NodePtr right = parse_primary();
            if (!right) break;
            const bool leaf = [](const Node& n) { return n.kind == Node::Kind::word || n.kind == Node::Kind::phrase; }(*right);
            if (!leaf) {
                warnings_.push_back("NEAR takes words or phrases; the group after it is searched as is");
                left = combine(Node::Kind::all_of, std::move(left), std::move(right));
                continue;
            }
            if (left->kind != Node::Kind::near) {
                if (left->kind != Node::Kind::word && left->kind != Node::Kind::phrase) {
                    warnings_.push_back("NEAR takes words or phrases; the group before it is searched as is");
                    left = combine(Node::Kind::all_of, std::move(left), std::move(right));
                    continue;
                }
                auto near = std::make_unique<Node>();
                near->kind = Node::Kind::near;
                near->distance = distance;
                near->children.push_back(std::move(left));
                left = std::move(near);
            }
            left->distance = std::max(left->distance, distance);
            left->children.push_back(std::move(right));
        }
        return left;
    }

    auto parse_primary() -> NodePtr {
        if (pos_ >= lx_.size()) return nullptr;
        Lexeme& l = lx_[pos_];
        switch (l.type) {
            case T::open: {
                const Field field = l.field;
                ++pos_;
                NodePtr inner = parse_or();
                if (peek(T::close)) ++pos_;
                else warnings_.push_back("unclosed '(': closed at the end of the query");
                if (inner && field != Field::body) apply_field(*inner, field);  // title:(a OR b)
                return inner;
            }
            case T::close: return nullptr;
            case T::date: {
                ++pos_;
                auto n = std::make_unique<Node>();
                n->kind = Node::Kind::date_range;
                const auto dots = l.text.find("..");
                const std::string from = dots == std::string::npos ? l.text : l.text.substr(0, dots);
                const std::string to = dots == std::string::npos ? l.text : l.text.substr(dots + 2);
                if (!from.empty()) n->from = parse_date_bound(from, false);
                if (!to.empty()) n->to = parse_date_bound(to, true);
                if (!n->from && !n->to) throw QueryError("date: needs a date or a range, e.g. date:2017..2019");
                if (n->from && n->to && n->from->sortable() > n->to->sortable()) {
                    throw QueryError("date:" + l.text + " is empty: the range starts after it ends");
                }
                return n;
            }
            default: {
                ++pos_;
                auto n = std::make_unique<Node>();
                n->kind = l.type == T::phrase ? Node::Kind::phrase : Node::Kind::word;
                n->text = l.text;
                n->field = l.field;
                n->modifier = l.modifier;
                return n;
            }
        }
    }

    // Gives the words of a group the field written before its '(' (unless they name their own).
    static void apply_field(Node& n, Field field) {
        if ((n.kind == Node::Kind::word || n.kind == Node::Kind::phrase) && n.field == Field::body) n.field = field;
        for (auto& c : n.children) apply_field(*c, field);
    }

    std::vector<Lexeme> lx_;
    std::vector<std::string>& warnings_;
    std::size_t pos_ = 0;
};

auto field_name(Field f) -> std::string {
    switch (f) {
        case Field::title: return "title:";
        case Field::author: return "author:";
        case Field::source: return "source:";
        case Field::body: break;
    }
    return "";
}

}  // namespace

auto parse_date_bound(const std::string& text, bool end) -> Date {
    std::optional<Date> d = parse_date(text);
    if (!d || text.find_first_not_of("0123456789-/.") != std::string::npos) {
        throw QueryError("'" + text + "' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
    }
    if (d->month == 0) {
        d->month = end ? 12 : 1;
        d->day = end ? 31 : 1;
    } else if (d->day == 0) {
        d->day = end ? days_in_month(d->year, d->month) : 1;
    }
    return *d;
}

auto QueryNode::describe() const -> std::string {
    std::string prefix = modifier == Modifier::required ? "+" : modifier == Modifier::prohibited ? "-" : "";
    auto joined = [this](const char* sep) {
        std::string out = "(";
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (i) out += sep;
            out += children[i]->describe();
        }
        return out + ")";
    };
    switch (kind) {
        case Kind::word: return prefix + field_name(field) + text;
        case Kind::phrase: return prefix + field_name(field) + "\"" + text + "\"";
        case Kind::date_range:
            return prefix + "date:" + (from ? from->iso() : "") + ".." + (to ? to->iso() : "");
        case Kind::all_of: return prefix + joined(" AND ");
        case Kind::any_of: return prefix + joined(" OR ");
        case Kind::but_not: return prefix + joined(" NOT ");
        case Kind::near: return prefix + joined((" NEAR/" + std::to_string(distance) + " ").c_str());
        case Kind::juxtaposed: return prefix + joined(" ");
        case Kind::match_all: return prefix + "<all>";
    }
    return {};
}

// The text with each Unicode space other than ASCII's (no-break, ideographic,
// thin and the like, as text pasted from web pages has them) made an ASCII
// one: they separate words as a space does (a no-break space between two
// words made them one phrase).
auto ascii_spaces(const std::string& text) -> std::string {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < n;) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, n, c);
        if (c > 0x7f && u_isUWhiteSpace(c)) out.push_back(' ');
        else out.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    }
    return out;
}

auto parse_query(const std::string& typed) -> ParsedQuery {
    const std::string text = ascii_spaces(typed);
    ParsedQuery parsed;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw QueryError("empty query: give words to search for, e.g. searcher \"six party talks\"");
    }
    if (text.size() > kMaxQueryBytes) {
        throw QueryError("the query is " + std::to_string(text.size()) + " bytes long; the limit is " +
                         std::to_string(kMaxQueryBytes));
    }
    std::size_t words = 0;
    for (std::size_t i = 0; i < text.size();) {
        while (i < text.size() && is_space(text[i])) ++i;
        if (i < text.size()) ++words;
        while (i < text.size() && !is_space(text[i])) ++i;
    }
    if (words > kMaxQueryWords) {
        throw QueryError("the query has " + std::to_string(words) + " words; the limit is " +
                         std::to_string(kMaxQueryWords));
    }
    Lexer lexer(text, parsed.warnings);
    Parser parser(lexer.run(), parsed.warnings);
    parsed.root = parser.run();
    if (!parsed.root) throw QueryError("query '" + text + "' has nothing to search for");
    return parsed;
}

}  // namespace fts
