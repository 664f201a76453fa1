#include "catalogue/resource.hpp"

#include "catalogue/tokenize.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <unordered_set>
#include <utility>

namespace commonsbot::catalogue {
namespace {

// Lower-case, macrons folded, "&" read as "and", runs of anything else one space: the form
// area names and aliases are compared in.
std::string loose_key(std::string_view text) {
  std::string out;
  for (char c : fold(text)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (c == '&') out += out.empty() || out.back() == ' ' ? "and " : " and ";
    else if (alnum) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct alias {
  std::string_view key;  // in loose_key form
  std::string_view area;
};

// Names people use for the learning areas. Subjects inside an area (history, music) are
// deliberately not folded into it: a resource tagged "Music" should stay findable as music.
constexpr alias area_aliases[] = {
    {"english", "English"},
    {"mathematics and statistics", "Mathematics and Statistics"},
    {"mathematics", "Mathematics and Statistics"},
    {"maths", "Mathematics and Statistics"},
    {"math", "Mathematics and Statistics"},
    {"maths and stats", "Mathematics and Statistics"},
    {"pangarau", "Mathematics and Statistics"},
    {"science", "Science"},
    {"putaiao", "Science"},
    {"social sciences", "Social Sciences"},
    {"social science", "Social Sciences"},
    {"social studies", "Social Sciences"},
    {"tikanga a iwi", "Social Sciences"},
    {"the arts", "The Arts"},
    {"arts", "The Arts"},
    {"nga toi", "The Arts"},
    {"technology", "Technology"},
    {"hangarau", "Technology"},
    {"health and physical education", "Health and Physical Education"},
    {"health and pe", "Health and Physical Education"},
    {"hpe", "Health and Physical Education"},
    {"hauora", "Health and Physical Education"},
    {"learning languages", "Learning Languages"},
    {"languages", "Learning Languages"},
    {"te reo maori", "Te Reo Māori"},
    {"te reo", "Te Reo Māori"},
    {"reo maori", "Te Reo Māori"},
    {"maori", "Te Reo Māori"},
};

constexpr std::pair<std::string_view, std::string_view> format_aliases[] = {
    {"e-book", "ebook"}, {"e book", "ebook"}, {"web", "website"},  {"web site", "website"},
    {"site", "website"}, {"dvd", "video"},    {"film", "video"},   {"audio book", "audiobook"},
    {"podcast", "audio"}, {"journal", "magazine"}, {"board game", "game"}};

bool is_http_link(std::string_view link) {
  const std::string lower = core::to_lower_ascii(link.substr(0, 8));
  std::size_t host = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (host == 0 || host >= link.size() || link[host] == '/') return false;
  return std::none_of(link.begin(), link.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7F; });
}

void add(problem_list& problems, std::string_view where, std::string field, std::string what) {
  problems.push_back({problem::severity::error, std::string(where), std::move(field), std::move(what)});
}

void check_text(problem_list& problems, std::string_view where, const std::string& field, const std::string& value,
                std::size_t max_chars) {
  if (!core::is_valid_utf8(value)) add(problems, where, field, "not valid UTF-8");
  else if (core::utf8_length(value) > max_chars)
    add(problems, where, field, "longer than " + std::to_string(max_chars) + " characters");
}

}  // namespace

std::string problem::to_string() const {
  std::string out = where;
  if (!field.empty()) {
    // A JSON path ("/3") takes the field as one more step; "row 4" or "file: row 4" (an
    // absolute file name starts with '/' too) takes it after a colon.
    const bool json_path = out.starts_with('/') && out.find(": ") == std::string::npos;
    if (!out.empty()) out += json_path ? "/" : ": ";
    out += field;
  }
  if (!out.empty()) out += ": ";
  out += what;
  if (level == severity::warning) out += " (warning)";
  return out;
}

bool has_errors(const problem_list& problems) {
  return std::any_of(problems.begin(), problems.end(), [](const problem& p) { return p.level == problem::severity::error; });
}

std::string make_id(std::string_view link) {
  std::string norm = core::trim(link);
  if (auto hash = norm.find('#'); hash != std::string::npos) norm.erase(hash);
  const std::size_t scheme_end = norm.find("://");
  const std::size_t host_begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const std::size_t host_end = std::min(norm.find_first_of("/?", host_begin), norm.size());
  for (std::size_t i = 0; i < host_end; ++i)
    if (norm[i] >= 'A' && norm[i] <= 'Z') norm[i] = static_cast<char>(norm[i] + 32);
  const std::size_t path_end = std::min(norm.find('?', host_end), norm.size());
  if (path_end > host_end && norm[path_end - 1] == '/') norm.erase(path_end - 1, 1);

  std::uint64_t h = 14695981039346656037ull;  // FNV-1a: short, stable across builds and platforms
  for (unsigned char c : norm) h = (h ^ c) * 1099511628211ull;
  static constexpr char hex[] = "0123456789abcdef";
  std::string id = "r";
  for (int shift = 60; shift >= 0; shift -= 4) id += hex[(h >> shift) & 0xF];
  return id;
}

std::string canonical_area(std::string_view area) {
  const std::string key = loose_key(area);
  for (const auto& a : area_aliases)
    if (a.key == key) return std::string(a.area);
  return core::trim(area);
}

std::string area_key(std::string_view area) { return loose_key(canonical_area(area)); }

const std::vector<std::string>& known_areas() {
  static const std::vector<std::string> areas = {
      "English", "The Arts", "Health and Physical Education", "Learning Languages", "Mathematics and Statistics",
      "Science", "Social Sciences", "Technology", "Te Reo Māori"};
  return areas;
}

const std::vector<std::string>& known_formats() {
  static const std::vector<std::string> formats = {"book",  "ebook", "audiobook", "magazine", "article", "website", "video",
                                                   "audio", "image", "kit",       "game",     "database", "other"};
  return formats;
}

int parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return -1;
  int v[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f)
    for (std::size_t i = starts[f]; i < starts[f] + lens[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v[f] = v[f] * 10 + (s[i] - '0');
    }
  const int y = v[0], m = v[1], d = v[2];
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap ? 1 : 0)) return -1;
  return y * 10000 + m * 100 + d;
}

void normalise(resource& r) {
  r.id = core::trim(r.id);
  r.title = core::trim(r.title);
  r.link = core::trim(r.link);
  r.description = core::trim(r.description);
  r.added = core::trim(r.added);
  r.format = core::to_lower_ascii(core::trim(r.format));
  for (const auto& [from, to] : format_aliases)
    if (r.format == from) r.format = to;

  std::unordered_set<std::string> seen;
  std::vector<std::string> areas;
  for (const auto& a : r.learning_areas) {
    std::string name = canonical_area(a);
    if (!name.empty() && seen.insert(loose_key(name)).second) areas.push_back(std::move(name));
  }
  r.learning_areas = std::move(areas);

  seen.clear();
  std::vector<std::string> keywords;
  for (const auto& k : r.keywords) {
    std::string word = core::trim(k);
    if (!word.empty() && seen.insert(fold(word)).second) keywords.push_back(std::move(word));
  }
  r.keywords = std::move(keywords);

  std::sort(r.year_levels.begin(), r.year_levels.end());
  r.year_levels.erase(std::unique(r.year_levels.begin(), r.year_levels.end()), r.year_levels.end());
  if (r.id.empty() && !r.link.empty()) r.id = make_id(r.link);
}

bool validate(const resource& r, problem_list& problems, std::string_view where) {
  const std::size_t before = problems.size();
  const bool id_chars = std::all_of(r.id.begin(), r.id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
  // With no link either, the link's problem says it all: the id comes from the link.
  if (r.id.empty() && !r.link.empty()) add(problems, where, "id", "missing (normalise() derives it from the link)");
  else if (r.id.size() > 100 || !id_chars) add(problems, where, "id", "use up to 100 letters, digits, '-', '_' or '.'");

  if (r.title.empty()) add(problems, where, "title", "missing");
  else check_text(problems, where, "title", r.title, 300);

  if (r.link.empty()) add(problems, where, "link", "missing");
  else if (r.link.size() > 2048) add(problems, where, "link", "longer than 2048 characters");
  else if (!is_http_link(r.link)) add(problems, where, "link", "not an http:// or https:// address");

  check_text(problems, where, "description", r.description, 5000);

  if (r.learning_areas.size() > 20) add(problems, where, "learning_areas", "more than 20 areas");
  for (const auto& a : r.learning_areas)
    if (a.empty()) add(problems, where, "learning_areas", "an empty area");
    else check_text(problems, where, "learning_areas", a, 80);

  for (int y : r.year_levels)
    if (y < min_year || y > max_year)
      add(problems, where, "year_levels", std::to_string(y) + " is not a year level (0-13, 0 for new entrants)");

  const auto& formats = known_formats();
  if (!r.format.empty() && std::find(formats.begin(), formats.end(), r.format) == formats.end()) {
    std::string list;
    for (const auto& f : formats) list += (list.empty() ? "" : ", ") + f;
    add(problems, where, "format", "\"" + r.format + "\" is not one of " + list);
  }

  if (r.keywords.size() > 50) add(problems, where, "keywords", "more than 50 keywords");
  for (const auto& k : r.keywords)
    if (k.empty()) add(problems, where, "keywords", "an empty keyword");
    else check_text(problems, where, "keywords", k, 80);

  if (!r.added.empty() && parse_date(r.added) < 0)
    add(problems, where, "date_added", "\"" + r.added + "\" is not a date (YYYY-MM-DD)");
  return problems.size() == before;
}

std::string store_key(std::string_view tenant, std::string_view id) { return core::tenant_key(tenant, id); }

void to_json(nlohmann::json& j, const resource& r) {
  j = nlohmann::json{{"id", r.id},
                     {"title", r.title},
                     {"link", r.link},
                     {"description", r.description},
                     {"learning_areas", r.learning_areas},
                     {"year_levels", r.year_levels},
                     {"format", r.format},
                     {"keywords", r.keywords},
                     {"date_added", r.added},
                     {"sample", r.sample}};
}

void from_json(const nlohmann::json& j, resource& r) {
  r = resource{};
  j.at("title").get_to(r.title);
  j.at("link").get_to(r.link);
  r.id = j.value("id", std::string());
  r.description = j.value("description", std::string());
  r.learning_areas = j.value("learning_areas", std::vector<std::string>());
  r.year_levels = j.value("year_levels", std::vector<int>());
  r.format = j.value("format", std::string());
  r.keywords = j.value("keywords", std::vector<std::string>());
  r.added = j.value("date_added", std::string());
  r.sample = j.value("sample", false);
  if (r.id.empty()) r.id = make_id(r.link);
}

}  // namespace commonsbot::catalogue
