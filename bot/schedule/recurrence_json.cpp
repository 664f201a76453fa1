// Stored form of a recurrence: readable by a person, so an exported store can be checked by
// eye ({"every":"weekly","weekdays":["tue"],"at":"15:30","zone":"Pacific/Auckland",...}, or
// {"every":"dates","dates":["2027-03-02T15:30",...],"zone":...} for a list of wall times).
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

void read_ranges(const nlohmann::json& j, recurrence& r) {
  if (j.contains("within"))
    for (const auto& range : j["within"]) r.within.push_back({date_from(range.at("from")), date_from(range.at("to"))});
  if (j.contains("except"))
    for (const auto& d : j["except"]) r.except.push_back(date_from(d));
}

// "2027-03-02T15:30": a wall time in the rule's zone.
local_time wall_from(const nlohmann::json& j) {
  const auto text = j.get<std::string>();
  const auto date = text.size() == 16 && text[10] == 'T' ? parse_date(std::string_view(text).substr(0, 10)) : std::nullopt;
  const auto at = date ? parse_time_of_day(std::string_view(text).substr(11)) : std::nullopt;
  if (!at) throw std::invalid_argument("not a date and time (YYYY-MM-DDTHH:MM): " + text);
  return {*date, at->hour, at->minute};
}

}  // namespace

void to_json(nlohmann::json& j, const recurrence& r) {
  if (r.every == recurrence::cadence::dates) {
    auto dates = nlohmann::json::array();
    for (const auto& t : r.dates) dates.push_back(to_iso(t));
    j = {{"every", "dates"}, {"dates", dates}, {"zone", r.zone}};
  }
  char at[8];
  std::snprintf(at, sizeof at, "%02d:%02d", r.hour, r.minute);
  auto days = nlohmann::json::array();
  for (int w : r.weekdays) days.push_back(w >= 1 && w <= 7 ? day_names[static_cast<std::size_t>(w - 1)] : "?");
  if (r.every != recurrence::cadence::dates)
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
  else if (every == "dates") r.every = recurrence::cadence::dates;
  else if (every != "weekly") throw std::invalid_argument("every must be weekly, fortnightly or dates, not " + every);
  if (r.every == recurrence::cadence::dates) {
    // Normalised on the way in (sorted, each once), so next_after can search the list.
    for (const auto& t : j.at("dates")) r.dates.push_back(wall_from(t));
    std::sort(r.dates.begin(), r.dates.end());
    r.dates.erase(std::unique(r.dates.begin(), r.dates.end()), r.dates.end());
    r.zone = j.at("zone").get<std::string>();
    read_ranges(j, r);
    return;
  }
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
  read_ranges(j, r);
}

}  // namespace commonsbot::schedule
