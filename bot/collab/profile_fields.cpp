#include "collab/profile_fields.hpp"

#include "catalogue/year_levels.hpp"
#include "core/lists.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace commonsbot::collab::people {
namespace {

// Lower case, single spaces, no spaces at either end. "–" (en dash) becomes "-".
std::string normalise(std::string_view text) {
  std::string s;
  const std::string lower = core::to_lower_ascii(text);
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (lower.compare(i, 3, "\xE2\x80\x93") == 0) {  // en dash, as phones type it
      s += '-';
      i += 2;
      continue;
    }
    const char c = lower[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += c;
    }
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

std::optional<int> number(std::string_view s) {
  int n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

// 0 is new entrants; nullopt if `s` is not a level.
std::optional<int> level_number(std::string_view s) {
  if (s == "new entrants" || s == "new entrant") return 0;
  return catalogue::year_number(s);
}

// Sort key: "NE" < "1" < "5-6" < "6".
std::pair<int, int> level_order(const std::string& level) {
  const auto dash = level.find('-');
  auto low = level_number(core::to_lower_ascii(level.substr(0, dash))).value_or(99);
  auto high = dash == std::string::npos ? low : level_number(core::to_lower_ascii(level.substr(dash + 1))).value_or(99);
  return {low, high};
}

std::string strip_year_word(std::string s) {
  for (std::string_view prefix : {"years ", "year ", "yrs ", "yr ", "years", "year", "yrs", "yr", "y"})
    if (s.starts_with(prefix) && s.size() > prefix.size()) return core::trim(s.substr(prefix.size()));
  return s;
}

}  // namespace

bool is_clear_word(std::string_view text) {
  const std::string s = normalise(text);
  return s == "none" || s == "clear" || s == "nothing" || s == "-" || s == "no";
}

std::vector<std::string> split_list(std::string_view text) { return core::split_list(text, ",;\n"); }

std::optional<std::string> parse_year_level(std::string_view word) {
  std::string s = normalise(word);
  replace_all(s, " to ", "-");
  replace_all(s, " - ", "-");
  replace_all(s, "- ", "-");
  replace_all(s, " -", "-");
  s = strip_year_word(std::move(s));
  const auto dash = s.find('-');
  if (dash == std::string::npos) {
    auto n = level_number(s);
    if (!n) return std::nullopt;
    return catalogue::year_label(*n);
  }
  auto low = level_number(core::trim(s.substr(0, dash)));
  auto high = level_number(strip_year_word(core::trim(s.substr(dash + 1))));
  if (!low || !high || *low > *high) return std::nullopt;
  return catalogue::year_label(*low, *high);
}

year_levels_answer parse_year_levels(std::string_view text) {
  year_levels_answer out;
  std::string s = normalise(text);
  replace_all(s, "new entrants", "ne");
  replace_all(s, "new entrant", "ne");
  replace_all(s, " to ", "-");
  replace_all(s, " - ", "-");
  replace_all(s, "- ", "-");
  replace_all(s, " -", "-");
  replace_all(s, " and ", " ");
  replace_all(s, "&", " ");
  std::vector<std::string> pieces;
  for (auto& part : split_list(s)) {
    std::string word;
    for (char c : part + " ") {
      if (c == ' ') {
        if (!word.empty()) pieces.push_back(word);
        word.clear();
      } else {
        word += c;
      }
    }
  }
  std::set<std::string> seen;
  for (const auto& piece : pieces) {
    if (piece == "year" || piece == "years" || piece == "yr" || piece == "yrs") continue;
    auto level = parse_year_level(piece);
    if (!level) {
      out.bad = piece;
      return out;
    }
    if (seen.insert(*level).second) out.levels.push_back(*level);
  }
  std::stable_sort(out.levels.begin(), out.levels.end(),
                   [](const std::string& a, const std::string& b) { return level_order(a) < level_order(b); });
  return out;
}

std::vector<learning_area> learning_areas_of(const content& words, const flows::message_catalog& messages,
                                             std::string_view locale) {
  std::vector<learning_area> out;
  for (const auto& item : words.list("learning_areas")) {
    learning_area a;
    a.id = item.id;
    a.label = messages.text(locale, item.name);
    auto add_key = [&a](std::string_view k) {
      std::string n = normalise(k);
      if (!n.empty() && std::find(a.keys.begin(), a.keys.end(), n) == a.keys.end()) a.keys.push_back(std::move(n));
    };
    add_key(a.id);
    std::string spaced = a.id;
    std::replace(spaced.begin(), spaced.end(), '_', ' ');
    add_key(spaced);
    for (const auto& n : names_of(item, messages, locale)) add_key(n);
    out.push_back(std::move(a));
  }
  return out;
}

areas_answer match_learning_areas(std::string_view text, const std::vector<learning_area>& areas) {
  areas_answer out;
  std::set<std::string> picked;
  auto find = [&](const std::string& piece) -> const learning_area* {
    std::string p = normalise(piece);
    if (auto n = number(p); n && *n >= 1 && static_cast<std::size_t>(*n) <= areas.size()) return &areas[*n - 1];
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& a : areas)
        if (std::find(a.keys.begin(), a.keys.end(), p) != a.keys.end()) return &a;
      if (!p.starts_with("the ")) break;
      p = p.substr(4);  // "the arts" as well as "arts"
    }
    return nullptr;
  };
  auto take = [&](const learning_area* a) { picked.insert(a->id); };
  // Whole pieces first (so "Health and Physical Education" is one area), then their words
  // split on "and" / "&" / spaces between numbers.
  for (const auto& piece : split_list(text)) {
    if (const auto* a = find(piece)) {
      take(a);
      continue;
    }
    std::string s = normalise(piece);
    replace_all(s, " & ", " and ");
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at = s.find(" and "); at != std::string::npos; at = s.find(" and ", start)) {
      parts.push_back(s.substr(start, at - start));
      start = at + 5;
    }
    parts.push_back(s.substr(start));
    for (const auto& part : parts) {
      if (const auto* a = find(part)) {
        take(a);
        continue;
      }
      // "1 3 5": numbers separated by spaces.
      bool all_numbers = true;
      std::vector<const learning_area*> found;
      std::string word;
      for (char c : part + " ") {
        if (c != ' ') {
          word += c;
          continue;
        }
        if (word.empty()) continue;
        auto n = number(word);
        if (!n || *n < 1 || static_cast<std::size_t>(*n) > areas.size()) all_numbers = false;
        else found.push_back(&areas[*n - 1]);
        word.clear();
      }
      if (!all_numbers || found.empty()) {
        out.bad = core::trim(part);
        return out;
      }
      for (const auto* a : found) take(a);
    }
  }
  for (const auto& a : areas)
    if (picked.contains(a.id)) out.ids.push_back(a.id);
  return out;
}

std::string area_labels(const std::vector<std::string>& ids, const std::vector<learning_area>& areas) {
  std::vector<std::string> labels;
  for (const auto& id : ids) {
    auto it = std::find_if(areas.begin(), areas.end(), [&](const learning_area& a) { return a.id == id; });
    labels.push_back(it == areas.end() ? id : it->label);
  }
  return join(labels);
}

interests_answer parse_interests(std::string_view text) {
  interests_answer out;
  std::set<std::string> seen;
  for (auto& piece : split_list(text)) {
    if (core::utf8_length(piece) > max_interest_length) {
      out.problem = "too_long";
      return out;
    }
    if (seen.insert(core::to_lower_ascii(piece)).second) out.interests.push_back(std::move(piece));
  }
  if (out.interests.size() > max_interests) out.problem = "too_many";
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  return core::join_list(items, separator, separator);
}

}  // namespace commonsbot::collab::people
