// Stored form of a recurrence: readable by a person, so an exported store can be checked by
// eye ({"every":"weekly","weekdays":["tue"],"at":"15:30","zone":"Pacific/Auckland",...}).
#include "schedule/recurrence.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace commonsbot::schedule {
namespace {

constexpr std::array<const char*, 7> day_names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

civil_date date_from(const nlohmann::json& j) {
  const auto d = parse_date(j.get<std::string>());
  if (!d) throw std::invalid_argument("not a date (YYYY-MM-DD): " + j.dump());
  return *d;
}

}  // namespace

void to_json(nlohmann::json& j, const recurrence& r) {
  char at[8];
  std::snprintf(at, sizeof at, "%02d:%02d", r.hour, r.minute);
  auto days = nlohmann::json::array();
  for (int w : r.weekdays) days.push_back(w >= 1 && w <= 7 ? day_names[static_cast<std::size_t>(w - 1)] : "?");
  j = {{"every", r.every == recurrence::cadence::fortnightly ? "fortnightly" : "weekly"},
       {"weekdays", days},
       {"at", at},
       {"zone", r.zone}};
  if (r.every == recurrence::cadence::fortnightly) j["anchor"] = to_iso(r.anchor);
  if (!r.within.empty()) {
    auto within = nlohmann::json::array();
    for (const auto& range : r.within) within.push_back({{"from", to_iso(range.first)}, {"to", to_iso(range.last)}});
    j["within"] = within;
  }
  if (!r.except.empty()) {
    auto except = nlohmann::json::array();
    for (const auto& d : r.except) except.push_back(to_iso(d));
    j["except"] = except;
  }
}

void from_json(const nlohmann::json& j, recurrence& r) {
  r = {};
  const auto every = j.value("every", std::string("weekly"));
  if (every == "fortnightly") r.every = recurrence::cadence::fortnightly;
  else if (every != "weekly") throw std::invalid_argument("every must be weekly or fortnightly, not " + every);
  for (const auto& day : j.at("weekdays")) {
    const auto name = day.get<std::string>();
    const auto it = std::find(day_names.begin(), day_names.end(), name);
    if (it == day_names.end()) throw std::invalid_argument("not a weekday (mon..sun): " + name);
    r.weekdays.push_back(static_cast<int>(it - day_names.begin()) + 1);
  }
  const auto at = parse_time_of_day(j.at("at").get<std::string>());
  if (!at) throw std::invalid_argument("at must be HH:MM");
  r.hour = at->hour;
  r.minute = at->minute;
  r.zone = j.at("zone").get<std::string>();
  if (j.contains("anchor")) r.anchor = date_from(j["anchor"]);
  if (j.contains("within"))
    for (const auto& range : j["within"]) r.within.push_back({date_from(range.at("from")), date_from(range.at("to"))});
  if (j.contains("except"))
    for (const auto& d : j["except"]) r.except.push_back(date_from(d));
}

}  // namespace commonsbot::schedule
