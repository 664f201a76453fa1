#include "collab/resource_query.hpp"

#include "catalogue/import.hpp"
#include "catalogue/resource.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

namespace commonsbot::collab::resources {
namespace {

constexpr std::string_view open_quote = "\xE2\x80\x9C";   // “
constexpr std::string_view close_quote = "\xE2\x80\x9D";  // ”

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The word without the punctuation people type between filters: "science," -> "science".
std::string clean(std::string_view word) {
  std::string w = core::trim(word);
  while (!w.empty() && (w.back() == ',' || w.back() == ';' || w.back() == '.')) w.pop_back();
  return w;
}

bool is_year_word(std::string_view lower) {
  return lower == "year" || lower == "years" || lower == "yr" || lower == "yrs" || lower == "y";
}

// "5", "5-6", "5/6", "5,6", "ne", "ne-2", "5–8" (en dash): something meant as year levels.
bool is_year_spec(std::string_view lower) {
  std::string s(lower);
  for (std::size_t at; (at = s.find("ne")) != std::string::npos;) s.replace(at, 2, "0");
  bool digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') digit = true;
    else if (s.compare(i, 3, "\xE2\x80\x93") == 0) i += 2;
    else if (c != '-' && c != '/' && c != ',' && c != ';') return false;
  }
  return digit;
}

std::string spec_of(std::string_view lower) {
  std::string s(lower);
  std::replace(s.begin(), s.end(), '/', ';');  // "5/6" is a composite class: years 5 and 6
  return s;
}

// "y5", "yr7", "years5-6": the year levels glued to the year word, or nullopt.
std::optional<std::string> glued_years(std::string_view lower) {
  for (std::string_view prefix : {"years", "year", "yrs", "yr", "y"})
    if (lower.starts_with(prefix) && lower.size() > prefix.size()) {
      const std::string_view rest = lower.substr(prefix.size());
      if (rest.front() >= '0' && rest.front() <= '9' && is_year_spec(rest)) return spec_of(rest);
      return std::nullopt;
    }
  return std::nullopt;
}

std::string lower_clean(std::string_view word) { return core::to_lower_ascii(clean(word)); }

// Words that join two year levels: "and", "or", "&" list them; "to", "-" and "–" make a range.
bool is_connector(std::string_view lower) {
  return lower == "and" || lower == "&" || lower == "or" || lower == "to" || lower == "-" || lower == "\xE2\x80\x93";
}

// Reads the year levels after a year word at words[from]: "5", "5 and 6", "5 to 8", "5, 6".
// Returns how many words were read (0: not year levels) and the spec for parse_year_levels.
std::size_t read_year_words(const std::vector<std::string>& words, std::size_t from, std::string& spec) {
  if (from >= words.size() || !is_year_spec(lower_clean(words[from]))) return 0;
  spec += spec_of(lower_clean(words[from]));
  std::size_t i = from + 1;
  while (i < words.size()) {
    const std::string w = lower_clean(words[i]);
    // A connector counts only between two year levels: "years 5 and 6", not "year 5 and volcanoes".
    if (is_connector(w) && i + 1 < words.size() && is_year_spec(lower_clean(words[i + 1]))) {
      spec += (w == "and" || w == "&" || w == "or") ? ";" : "-";
      spec += spec_of(lower_clean(words[i + 1]));
      i += 2;
      continue;
    }
    if (words[i - 1].ends_with(',') && is_year_spec(w)) {
      spec += ";" + spec_of(w);
      ++i;
      continue;
    }
    break;
  }
  return i - from;
}

bool is_known_area(std::string_view name) {
  const std::string key = catalogue::area_key(name);
  const auto& known = catalogue::known_areas();
  return !key.empty() &&
         std::any_of(known.begin(), known.end(), [&](const std::string& a) { return catalogue::area_key(a) == key; });
}

bool starts_quoted(std::string_view w) { return w.starts_with('"') || w.starts_with(open_quote) || w.starts_with(close_quote); }
bool ends_quoted(std::string_view w) { return w.ends_with('"') || w.ends_with(close_quote) || w.ends_with(open_quote); }

std::string strip_quotes(std::string w) {
  for (std::string_view q : {std::string_view("\""), open_quote, close_quote}) {
    if (w.starts_with(q)) w.erase(0, q.size());
    if (w.ends_with(q)) w.erase(w.size() - q.size());
  }
  return core::trim(w);
}

// Reads one learning area at words[from]; returns how many words it used (0: none).
std::size_t read_area(const std::vector<std::string>& words, std::size_t from, std::string& area) {
  if (from >= words.size()) return 0;
  const std::string& first = words[from];
  // A word with a space came quoted through the command's own word splitting.
  if (first.find(' ') != std::string::npos) {
    area = catalogue::canonical_area(strip_quotes(clean(first)));
    return area.empty() ? 0 : 1;
  }
  if (starts_quoted(first)) {
    const std::size_t opening = first.starts_with('"') ? 1 : 3;
    std::string phrase;
    for (std::size_t i = from; i < words.size(); ++i) {
      phrase += (phrase.empty() ? "" : " ") + words[i];
      const std::string c = clean(phrase);
      if (c.size() > opening && ends_quoted(c)) {
        area = catalogue::canonical_area(strip_quotes(c));
        return area.empty() ? 0 : i + 1 - from;
      }
    }
    return 0;  // no closing quote: not a filter
  }
  // Unquoted: the longest run of up to four words that names a curriculum area.
  for (std::size_t len = std::min<std::size_t>(4, words.size() - from); len >= 1; --len) {
    std::string candidate;
    for (std::size_t i = from; i < from + len; ++i) candidate += (candidate.empty() ? "" : " ") + clean(words[i]);
    if (is_known_area(candidate)) {
      area = catalogue::canonical_area(candidate);
      return len;
    }
  }
  return 0;
}

void add_area(resource_query& q, std::string area) {
  const std::string key = catalogue::area_key(area);
  for (const auto& a : q.areas)
    if (catalogue::area_key(a) == key) return;
  q.areas.push_back(std::move(area));
}

void add_years(resource_query& q, const std::vector<int>& years) {
  q.years.insert(q.years.end(), years.begin(), years.end());
  std::sort(q.years.begin(), q.years.end());
  q.years.erase(std::unique(q.years.begin(), q.years.end()), q.years.end());
}

}  // namespace

std::vector<std::string> split_query(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool curly = text.compare(i, 3, open_quote) == 0 || text.compare(i, 3, close_quote) == 0;
    if (text[i] == '"' || curly) {
      current.append(text.substr(i, curly ? 3 : 1));  // kept: parse_resource_query reads them
      quoted = !quoted;
      if (curly) i += 2;
    } else if (!quoted && is_space(text[i])) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += text[i];
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

resource_query parse_resource_query(const std::vector<std::string>& words) {
  resource_query q;
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < words.size();) {
    const std::string lower = lower_clean(words[i]);
    if (is_year_word(lower)) {
      std::string spec;
      if (const std::size_t used = read_year_words(words, i + 1, spec); used > 0) {
        std::vector<int> years;
        std::string error;
        if (catalogue::parse_year_levels(spec, years, error)) add_years(q, years);
        else if (q.bad_filter.empty()) q.bad_filter = clean(words[i]) + " " + spec;
        i += 1 + used;
        continue;
      }
    } else if (auto spec = glued_years(lower)) {
      std::vector<int> years;
      std::string error;
      if (catalogue::parse_year_levels(*spec, years, error)) add_years(q, years);
      else if (q.bad_filter.empty()) q.bad_filter = clean(words[i]);
      ++i;
      continue;
    } else if (lower == "area" || lower == "areas") {
      std::string area;
      if (std::size_t used = read_area(words, i + 1, area); used > 0) {
        add_area(q, std::move(area));
        i += 1 + used;
        // "areas science and english", "areas science, english"
        while (i < words.size()) {
          const std::string link = lower_clean(words[i]);
          std::size_t skip = 0;
          if (link == "and" || link == "&") skip = 1;
          else if (!words[i - 1].ends_with(',')) break;
          std::string more;
          const std::size_t next = read_area(words, i + skip, more);
          if (next == 0) break;
          add_area(q, std::move(more));
          i += skip + next;
        }
        continue;
      }
    }
    kept.push_back(words[i]);
    ++i;
  }
  // "volcanoes for year 5", "year 5 and volcanoes": the joining words belonged to the filter.
  auto joiner = [](const std::string& w) {
    const std::string l = lower_clean(w);
    return l == "and" || l == "&" || l == "or" || l == "for" || l == "in" || l == "with" || l.empty();
  };
  while (!kept.empty() && joiner(kept.back())) kept.pop_back();
  std::size_t first = 0;
  while (first < kept.size() && joiner(kept[first])) ++first;
  for (std::size_t i = first; i < kept.size(); ++i) q.words += (q.words.empty() ? "" : " ") + kept[i];
  return q;
}

bool parse_years_answer(std::string_view text, std::vector<int>& out) {
  out.clear();
  std::string spec, sep;
  for (const auto& w : split_query(text)) {
    const std::string lw = lower_clean(w);
    if (lw.empty()) continue;
    if (is_year_word(lw)) continue;
    if (lw == "and" || lw == "&" || lw == "or") {
      sep = ";";
      continue;
    }
    if (lw == "to" || lw == "-" || lw == "\xE2\x80\x93") {
      sep = "-";
      continue;
    }
    std::string part;
    if (auto glued = glued_years(lw)) part = *glued;
    else if (is_year_spec(lw)) part = spec_of(lw);
    else return false;
    if (!spec.empty()) spec += sep.empty() ? ";" : sep;
    spec += part;
    sep.clear();
  }
  std::string error;
  if (spec.empty() || !catalogue::parse_year_levels(spec, out, error)) {
    out.clear();
    return false;
  }
  return true;
}

std::vector<std::string> parse_areas(std::string_view text, std::string& bad) {
  std::vector<std::string> out;
  bad.clear();
  auto add = [&out](const std::string& name) {
    const std::string area = catalogue::canonical_area(name);
    for (const auto& a : out)
      if (catalogue::area_key(a) == catalogue::area_key(area)) return;
    out.push_back(area);
  };
  std::string piece;
  auto finish = [&]() {
    const std::string p = core::trim(piece);
    piece.clear();
    if (p.empty() || !bad.empty()) return;
    if (is_known_area(p)) return add(p);
    // "maths and science": the whole piece is no area ("Health and Physical Education" is), so
    // try its parts.
    std::vector<std::string> parts;
    std::string lower = core::to_lower_ascii(p), part;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= p.size(); ++i) {
      const bool amp = i < p.size() && p[i] == '&';
      const bool and_word = i + 5 <= p.size() && lower.compare(i, 5, " and ") == 0;
      if (i == p.size() || amp || and_word) {
        parts.push_back(core::trim(p.substr(start, i - start)));
        start = i + (and_word ? 5 : 1);
        if (and_word) i += 4;
      }
    }
    for (const auto& one : parts) {
      if (one.empty()) continue;
      if (!is_known_area(one)) {
        bad = parts.size() == 1 ? p : one;
        return;
      }
      add(one);
    }
  };
  for (char c : text) {
    if (c == ',' || c == ';' || c == '\n') finish();
    else piece += c;
  }
  finish();
  if (!bad.empty()) out.clear();
  return out;
}

std::string years_text(const std::vector<int>& years) {
  std::vector<int> ys = years;
  std::sort(ys.begin(), ys.end());
  ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
  auto label = [](int y) { return y == 0 ? std::string("NE") : std::to_string(y); };
  std::string out;
  for (std::size_t i = 0; i < ys.size();) {
    std::size_t j = i;
    while (j + 1 < ys.size() && ys[j + 1] == ys[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + label(ys[i]) + (j > i ? "-" + label(ys[j]) : "");
    i = j + 1;
  }
  return out;
}

void save_query(const resource_query& q, nlohmann::json& vars) {
  vars["q_words"] = q.words;
  vars["q_years"] = q.years;
  vars["q_areas"] = q.areas;
}

resource_query load_query(const nlohmann::json& vars) {
  resource_query q;
  if (!vars.is_object()) return q;
  if (auto it = vars.find("q_words"); it != vars.end() && it->is_string()) q.words = it->get<std::string>();
  if (auto it = vars.find("q_years"); it != vars.end() && it->is_array())
    for (const auto& y : *it)
      if (y.is_number_integer() && y.get<int>() >= catalogue::min_year && y.get<int>() <= catalogue::max_year)
        q.years.push_back(y.get<int>());
  if (auto it = vars.find("q_areas"); it != vars.end() && it->is_array())
    for (const auto& a : *it)
      if (a.is_string()) q.areas.push_back(a.get<std::string>());
  return q;
}

}  // namespace commonsbot::collab::resources
