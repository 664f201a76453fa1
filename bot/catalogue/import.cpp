#include "catalogue/import.hpp"

#include "catalogue/csv.hpp"
#include "catalogue/year_levels.hpp"
#include "core/lists.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace commonsbot::catalogue {
namespace {

using severity = problem::severity;

enum class column { title, link, description, learning_areas, year_levels, format, keywords, date_added, sample, id };

// Header names and the spellings spreadsheets tend to give them.
const std::map<std::string, column>& column_names() {
  static const std::map<std::string, column> names = {
      {"title", column::title},           {"link", column::link},
      {"url", column::link},              {"description", column::description},
      {"learning_areas", column::learning_areas}, {"learning areas", column::learning_areas},
      {"learning_area", column::learning_areas},  {"areas", column::learning_areas},
      {"year_levels", column::year_levels},       {"year levels", column::year_levels},
      {"years", column::year_levels},     {"format", column::format},
      {"keywords", column::keywords},     {"date_added", column::date_added},
      {"date added", column::date_added}, {"added", column::date_added},
      {"sample", column::sample},         {"id", column::id}};
  return names;
}

std::string field_name(column c) {
  switch (c) {
    case column::title: return "title";
    case column::link: return "link";
    case column::description: return "description";
    case column::learning_areas: return "learning_areas";
    case column::year_levels: return "year_levels";
    case column::format: return "format";
    case column::keywords: return "keywords";
    case column::date_added: return "date_added";
    case column::sample: return "sample";
    case column::id: return "id";
  }
  return {};
}

std::vector<std::string> split_list(std::string_view cell) { return core::split_list(cell, ";"); }

// The line `offset` falls on, for messages about a whole file.
std::size_t line_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

// The offset of the first number outside a string that a double cannot hold, or 0.
std::size_t first_huge_number(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t end = text.find_first_not_of("+-.eE0123456789", i);
      const std::string token(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      if (std::isinf(std::strtod(token.c_str(), nullptr))) return i;
      if (end == std::string_view::npos) break;
      i = end - 1;
    }
  }
  return 0;
}

std::size_t first_bad_utf8_line(std::string_view text) {
  std::size_t line = 1, start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!core::is_valid_utf8(text.substr(start, end - start))) return line;
    ++line;
    start = end + 1;
  }
  return 0;
}

bool too_big(std::size_t bytes, std::string_view where, problem_list& problems) {
  if (bytes <= max_import_bytes) return false;
  problems.push_back({severity::error, std::string(where), "",
                      "the file is " + std::to_string(bytes) + " bytes; the limit is " +
                          std::to_string(max_import_bytes >> 20) + " MiB (split it into smaller files)"});
  return true;
}

// Normalises and validates one row, then adds it (or replaces an earlier row with the same id).
class collector {
 public:
  collector(std::vector<resource>& out, problem_list& problems) : out_(out), problems_(problems) {}

  void add(resource r, const std::string& where) {
    normalise(r);
    if (!validate(r, problems_, where)) return;
    auto [it, fresh] = seen_.try_emplace(r.id, out_.size(), where);
    if (fresh) {
      out_.push_back(std::move(r));
      return;
    }
    problems_.push_back({severity::warning, where, "link", "same resource as " + it->second.second + "; this one replaces it"});
    out_[it->second.first] = std::move(r);
    it->second.second = where;
  }

 private:
  std::vector<resource>& out_;
  problem_list& problems_;
  std::map<std::string, std::pair<std::size_t, std::string>> seen_;  // id -> (index, where)
};

// A JSON member as a string; numbers are accepted because spreadsheets-turned-JSON have them.
bool json_text(const nlohmann::json& v, std::string& out) {
  if (v.is_null()) out.clear();
  else if (v.is_string()) out = v.get<std::string>();
  else if (v.is_number()) out = v.dump();
  else return false;
  return true;
}

bool json_list(const nlohmann::json& v, std::vector<std::string>& out) {
  out.clear();
  if (v.is_null()) return true;
  if (v.is_string()) {
    out = split_list(v.get<std::string>());
    return true;
  }
  if (!v.is_array()) return false;
  for (const auto& item : v) {
    std::string s;
    if (!json_text(item, s)) return false;
    if (s = core::trim(s); !s.empty()) out.push_back(std::move(s));
  }
  return true;
}

bool json_years(const nlohmann::json& v, std::vector<int>& out, std::string& error) {
  out.clear();
  if (v.is_null()) return true;
  if (v.is_string()) return parse_year_levels(v.get<std::string>(), out, error);
  if (!v.is_array()) {
    error = "expected a list of year levels";
    return false;
  }
  for (const auto& item : v) {
    std::vector<int> part;
    if (item.is_number_integer()) {
      const auto y = item.get<std::int64_t>();  // not get<int>: 4294967301 must not wrap to 5
      if (y < min_year || y > max_year) {
        error = item.dump() + " is not a year level (0-13, 0 for new entrants)";
        return false;
      }
      part.push_back(static_cast<int>(y));
    } else if (!item.is_string() || !parse_year_levels(item.get<std::string>(), part, error)) {
      if (error.empty()) error = item.dump() + " is not a year level";
      return false;
    }
    out.insert(out.end(), part.begin(), part.end());
  }
  return true;
}

void read_json_entry(const nlohmann::json& entry, const std::string& where, problem_list& problems, collector& rows) {
  if (!entry.is_object()) {
    problems.push_back({severity::error, where, "", "expected an object with title and link"});
    return;
  }
  resource r;
  bool ok = true;
  const auto bad = [&](const std::string& field, std::string what) {
    problems.push_back({severity::error, where, field, std::move(what)});
    ok = false;
  };
  for (const auto& [key, value] : entry.items()) {
    auto col = column_names().find(key);
    if (col == column_names().end()) {
      problems.push_back({severity::warning, where, key, "unknown field, ignored"});
      continue;
    }
    std::string error;
    switch (col->second) {
      case column::title: if (!json_text(value, r.title)) bad(key, "expected text"); break;
      case column::link: if (!json_text(value, r.link)) bad(key, "expected text"); break;
      case column::description: if (!json_text(value, r.description)) bad(key, "expected text"); break;
      case column::format: if (!json_text(value, r.format)) bad(key, "expected text"); break;
      case column::date_added: if (!json_text(value, r.added)) bad(key, "expected a date as text"); break;
      case column::id: if (!json_text(value, r.id)) bad(key, "expected text"); break;
      case column::learning_areas: if (!json_list(value, r.learning_areas)) bad(key, "expected a list of text"); break;
      case column::keywords: if (!json_list(value, r.keywords)) bad(key, "expected a list of text"); break;
      case column::year_levels: if (!json_years(value, r.year_levels, error)) bad(key, error); break;
      case column::sample:
        if (value.is_boolean()) r.sample = value.get<bool>();
        else bad(key, "expected true or false");
        break;
    }
  }
  if (ok) rows.add(std::move(r), where);
}

}  // namespace

bool parse_year_levels(std::string_view text, std::vector<int>& out, std::string& error) {
  out.clear();
  std::string normal = core::to_lower_ascii(text);
  for (std::size_t at; (at = normal.find("\xE2\x80\x93")) != std::string::npos;) normal.replace(at, 3, "-");  // en dash
  for (char& c : normal)
    if (c == ',') c = ';';
  for (const auto& part : split_list(normal)) {
    std::string_view p = part;
    if (p == "ne" || p == "new entrant" || p == "new entrants") {
      out.push_back(0);
      continue;
    }
    for (std::string_view prefix : {"years", "year", "yrs", "yr", "y"})
      if (p.starts_with(prefix)) {
        p.remove_prefix(prefix.size());
        break;
      }
    while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
    const auto number = [](std::string_view s, int& v) {
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
      const auto year = s.size() <= 2 ? year_number(s) : std::nullopt;  // "NE" or "13" at most
      if (year) v = *year;
      return year.has_value();
    };
    int from = 0, to = 0;
    const std::size_t dash = p.find('-');
    const bool ok = dash == std::string_view::npos ? number(p, from) && number(p, to)
                                                   : number(p.substr(0, dash), from) && number(p.substr(dash + 1), to) && from <= to;
    if (!ok) {
      error = "\"" + part + "\" is not a year level (0-13, NE for new entrants, or a range like 5-8)";
      out.clear();
      return false;
    }
    for (int y = from; y <= to; ++y) out.push_back(y);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return true;
}

std::vector<resource> parse_csv(std::string_view text, problem_list& problems) {
  std::vector<resource> out;
  if (too_big(text.size(), "", problems)) return out;
  collector rows(out, problems);
  csv_reader reader(text);
  csv_record rec;
  std::size_t row = 0;
  std::vector<std::optional<column>> columns;
  bool header_seen = false;
  while (reader.next(rec)) {
    ++row;
    std::string where = "row " + std::to_string(row);
    if (rec.line != row) where += " (line " + std::to_string(rec.line) + ")";
    if (rec.blank) continue;
    if (!header_seen) {
      header_seen = true;
      bool title = false, link = false;
      for (const auto& cell : rec.cells) {
        auto it = column_names().find(core::to_lower_ascii(core::trim(cell)));
        if (it == column_names().end()) {
          problems.push_back({severity::warning, where, core::is_valid_utf8(cell) ? core::trim(cell) : "?",
                              "unknown column, ignored"});
          columns.emplace_back();
          continue;
        }
        title = title || it->second == column::title;
        link = link || it->second == column::link;
        columns.emplace_back(it->second);
      }
      if (!rec.error.empty() || !title || !link) {
        problems.push_back({severity::error, where, "",
                            rec.error.empty() ? "the header row needs title and link columns" : rec.error});
        return out;
      }
      continue;
    }
    if (!rec.error.empty()) {
      problems.push_back({severity::error, where, "", rec.error});
      continue;
    }
    bool extra = false;
    for (std::size_t i = columns.size(); i < rec.cells.size(); ++i) extra = extra || !core::trim(rec.cells[i]).empty();
    if (extra) {
      problems.push_back({severity::error, where, "",
                          std::to_string(rec.cells.size()) + " cells but the header has " + std::to_string(columns.size()) +
                              " (does a cell with a comma need quotes?)"});
      continue;
    }
    resource r;
    bool ok = true;
    for (std::size_t i = 0; i < rec.cells.size() && i < columns.size() && ok; ++i) {
      if (!columns[i]) continue;
      const std::string& cell = rec.cells[i];
      const auto bad = [&](std::string what) {
        problems.push_back({severity::error, where, std::string(), std::move(what)});
        ok = false;
      };
      if (!core::is_valid_utf8(cell)) {
        bad("not valid UTF-8 (save the file as \"CSV UTF-8\")");
        problems.back().field = field_name(*columns[i]);
        continue;
      }
      std::string error;
      switch (*columns[i]) {
        case column::title: r.title = cell; break;
        case column::link: r.link = cell; break;
        case column::description: r.description = cell; break;
        case column::format: r.format = cell; break;
        case column::date_added: r.added = core::trim(cell); break;
        case column::id: r.id = cell; break;
        case column::learning_areas: r.learning_areas = split_list(cell); break;
        case column::keywords: r.keywords = split_list(cell); break;
        case column::sample: r.sample = core::to_lower_ascii(core::trim(cell)) == "true"; break;
        case column::year_levels:
          if (!parse_year_levels(cell, r.year_levels, error)) {
            bad(error);
            problems.back().field = "year_levels";
          }
          break;
      }
    }
    if (ok) rows.add(std::move(r), where);
  }
  if (!header_seen) problems.push_back({severity::error, "", "", "empty file: expected a header row and resources"});
  return out;
}

std::vector<resource> parse_json(std::string_view text, problem_list& problems) {
  std::vector<resource> out;
  if (too_big(text.size(), "", problems)) return out;
  if (std::size_t bad = first_bad_utf8_line(text); bad != 0) {
    problems.push_back({severity::error, "line " + std::to_string(bad), "", "not valid UTF-8 (save the file as UTF-8)"});
    return out;
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // Our own words: the library's message quotes the input, which may be anything.
    problems.push_back({severity::error, "line " + std::to_string(line_of(text, e.byte == 0 ? 0 : e.byte - 1)), "",
                        "not valid JSON (check for a missing comma, quote or bracket)"});
    return out;
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond a double's range (nlohmann/json reports it as out_of_range 406); the
    // library gives no position, so find the first such number ourselves.
    problems.push_back({severity::error, "line " + std::to_string(line_of(text, first_huge_number(text))), "",
                        "a number is too large (check the year levels and dates)"});
    return out;
  }
  std::string base;
  const nlohmann::json* list = &doc;
  if (doc.is_object() && doc.contains("resources")) {
    list = &doc["resources"];
    base = "/resources";
  }
  if (!list->is_array()) {
    problems.push_back({severity::error, base.empty() ? "/" : base, "", "expected an array of resources"});
    return out;
  }
  collector rows(out, problems);
  for (std::size_t i = 0; i < list->size(); ++i) read_json_entry((*list)[i], base + "/" + std::to_string(i), problems, rows);
  return out;
}

std::vector<resource> import_file(const std::filesystem::path& path, problem_list& problems) {
  const std::string name = path.string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    problems.push_back({severity::error, name, "", "cannot read: " + ec.message()});
    return {};
  }
  if (too_big(size, name, problems)) return {};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) {
    problems.push_back({severity::error, name, "", "cannot read the file"});
    return {};
  }
  const std::size_t first = problems.size();
  auto out = core::to_lower_ascii(path.extension().string()) == ".json" ? parse_json(buf.str(), problems)
                                                                         : parse_csv(buf.str(), problems);
  for (std::size_t i = first; i < problems.size(); ++i)
    problems[i].where = problems[i].where.empty() ? name : name + ": " + problems[i].where;
  return out;
}

}  // namespace commonsbot::catalogue
