#include "digest/profile.hpp"

#include "catalogue/resource.hpp"
#include "catalogue/year_levels.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace commonsbot::digest {
namespace {

constexpr std::pair<std::string_view, frequency> frequencies[] = {
    {"weekly", frequency::weekly}, {"fortnightly", frequency::fortnightly},
    {"monthly", frequency::monthly}, {"off", frequency::off}};

// The collab profile flow stores learning areas by content id (templates/content/
// learning_areas.json); most read as catalogue aliases already, these two do not.
std::string area_name(std::string_view area) {
  if (area == "health_pe") return "Health and Physical Education";
  if (area == "social_sciences") return "Social Sciences";
  return catalogue::canonical_area(area);
}

// "5" -> {5}, "NE-2" -> {0, 1, 2}; nothing for a label that does not read.
std::vector<int> years_of_label(std::string_view label) {
  const std::string lower = core::to_lower_ascii(core::trim(label));
  const auto dash = lower.find('-');
  if (dash == std::string::npos) {
    if (auto y = catalogue::year_number(lower)) return {*y};
    return {};
  }
  auto from = catalogue::year_number(core::trim(std::string_view(lower).substr(0, dash)));
  auto to = catalogue::year_number(core::trim(std::string_view(lower).substr(dash + 1)));
  if (!from || !to || *from > *to) return {};
  std::vector<int> out;
  for (int y = *from; y <= *to; ++y) out.push_back(y);
  return out;
}

void tidy_words(std::vector<std::string>& words) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto& w : words) {
    std::string t = core::trim(w);
    if (t.empty() || !seen.insert(core::to_lower_ascii(t)).second) continue;
    out.push_back(std::move(t));
  }
  words = std::move(out);
}

void tidy_years(std::vector<int>& years) {
  std::erase_if(years, [](int y) { return y < catalogue::min_year || y > catalogue::max_year; });
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());
}

void tidy_areas(std::vector<std::string>& areas) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& a : areas) {
    std::string name = area_name(core::trim(a));
    if (!name.empty() && seen.insert(catalogue::area_key(name)).second) out.push_back(std::move(name));
  }
  areas = std::move(out);
}

bool valid_time(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (t[i] < '0' || t[i] > '9') return false;
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  return h < 24 && m < 60;
}

void check_words(const std::vector<std::string>& words, std::string_view field, std::vector<std::string>& out) {
  if (words.size() > max_profile_words)
    out.push_back(std::string(field) + ": at most " + std::to_string(max_profile_words) + ", please");
  for (const auto& w : words)
    if (!core::is_valid_utf8(w) || core::utf8_length(w) > max_profile_word_length)
      out.push_back(std::string(field) + ": keep each one under " + std::to_string(max_profile_word_length) +
                    " characters");
}

}  // namespace

std::string_view frequency_name(frequency f) {
  for (const auto& [name, value] : frequencies)
    if (value == f) return name;
  return "weekly";
}

std::optional<frequency> parse_frequency(std::string_view text) {
  const std::string lower = core::to_lower_ascii(core::trim(text));
  for (const auto& [name, value] : frequencies)
    if (lower == name) return value;
  return std::nullopt;
}

std::string profile_key(std::string_view tenant, std::string_view person) { return core::tenant_key(tenant, person); }

profile new_profile(std::string tenant, std::string person, const std::vector<std::string>& areas,
                    const std::vector<std::string>& years) {
  profile p;
  p.tenant = std::move(tenant);
  p.person = std::move(person);
  p.learning_areas = areas;
  for (const auto& label : years)
    for (int y : years_of_label(label)) p.year_levels.push_back(y);
  normalise(p);
  return p;
}

void normalise(profile& p) {
  tidy_areas(p.learning_areas);
  tidy_years(p.year_levels);
  tidy_words(p.keywords);
  tidy_words(p.interests);
  if (p.suggested) {
    tidy_areas(p.suggested->learning_areas);
    tidy_years(p.suggested->year_levels);
    tidy_words(p.suggested->keywords);
    tidy_words(p.suggested->interests);
  }
  while (p.feedback.size() > max_feedback_terms) {
    auto weakest = std::min_element(p.feedback.begin(), p.feedback.end(), [](const auto& a, const auto& b) {
      return std::abs(a.second) < std::abs(b.second);
    });
    p.feedback.erase(weakest);
  }
}

std::vector<std::string> check(const profile& p) {
  std::vector<std::string> out;
  if (p.tenant.empty() || p.tenant.find('/') != std::string::npos) out.push_back("tenant: missing or contains '/'");
  if (p.person.empty()) out.push_back("person: missing");
  if (p.weekday < 1 || p.weekday > 7) out.push_back("weekday: use 1 (Monday) to 7 (Sunday)");
  if (!valid_time(p.time)) out.push_back("time: use HH:MM, e.g. 08:00");
  for (int y : p.year_levels)
    if (y < catalogue::min_year || y > catalogue::max_year)
      out.push_back("year_levels: " + std::to_string(y) + " is not a year level (NE, 1-13)");
  check_words(p.keywords, "keywords", out);
  check_words(p.interests, "interests", out);
  if (p.feedback.size() > max_feedback_terms)
    out.push_back("feedback: more than " + std::to_string(max_feedback_terms) + " terms");
  return out;
}

void to_json(nlohmann::json& j, const suggestion& s) {
  j = {{"by", s.by},           {"by_name", s.by_name},   {"at_ms", s.at_ms},
       {"learning_areas", s.learning_areas}, {"year_levels", s.year_levels}, {"keywords", s.keywords},
       {"interests", s.interests}};
}

void from_json(const nlohmann::json& j, suggestion& s) {
  s = suggestion{};
  s.by = j.value("by", "");
  s.by_name = j.value("by_name", "");
  s.at_ms = j.value("at_ms", std::int64_t{0});
  s.learning_areas = j.value("learning_areas", std::vector<std::string>{});
  s.year_levels = j.value("year_levels", std::vector<int>{});
  s.keywords = j.value("keywords", std::vector<std::string>{});
  s.interests = j.value("interests", std::vector<std::string>{});
}

void to_json(nlohmann::json& j, const counters& c) {
  j = {{"useful", c.useful}, {"not_for_me", c.not_for_me}, {"more_like_this", c.more_like_this}};
}

void from_json(const nlohmann::json& j, counters& c) {
  c.useful = j.value("useful", 0);
  c.not_for_me = j.value("not_for_me", 0);
  c.more_like_this = j.value("more_like_this", 0);
}

void to_json(nlohmann::json& j, const profile& p) {
  j = {{"tenant", p.tenant},
       {"person", p.person},
       {"subscribed", p.subscribed},
       {"learning_areas", p.learning_areas},
       {"year_levels", p.year_levels},
       {"keywords", p.keywords},
       {"interests", p.interests},
       {"frequency", frequency_name(p.frequency)},
       {"weekday", p.weekday},
       {"time", p.time},
       {"zone", p.zone},
       {"feedback", p.feedback},
       {"counts", p.counts}};
  if (p.suggested) j["suggestion"] = *p.suggested;
  if (p.legacy_sent) put_legacy_sent(j, *p.legacy_sent);
}

void from_json(const nlohmann::json& j, profile& p) {
  p = profile{};
  p.tenant = j.value("tenant", "");
  p.person = j.value("person", "");
  p.subscribed = j.value("subscribed", false);
  p.learning_areas = j.value("learning_areas", std::vector<std::string>{});
  p.year_levels = j.value("year_levels", std::vector<int>{});
  p.keywords = j.value("keywords", std::vector<std::string>{});
  p.interests = j.value("interests", std::vector<std::string>{});
  p.frequency = parse_frequency(j.value("frequency", "weekly")).value_or(frequency::weekly);
  p.weekday = j.value("weekday", 1);
  p.time = j.value("time", "08:00");
  p.zone = j.value("zone", "");
  if (auto it = j.find("suggestion"); it != j.end() && !it->is_null()) p.suggested = it->get<suggestion>();
  p.feedback = j.value("feedback", std::map<std::string, double>{});
  if (auto it = j.find("counts"); it != j.end()) p.counts = it->get<counters>();
  p.legacy_sent = legacy_sent_of(j);
}

std::optional<profile> read_profile(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    return j.get<profile>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace commonsbot::digest
