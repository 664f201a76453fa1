#include "meetings/calendar.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace commonsbot::meetings {
namespace {

bool inside(const std::vector<schedule::date_range>& ranges, schedule::civil_date d) {
  for (const auto& r : ranges)
    if (r.first <= d && d <= r.last) return true;
  return false;
}

schedule::civil_date date_from(const nlohmann::json& j) {
  const auto d = schedule::parse_date(j.get<std::string>());
  if (!d) throw std::invalid_argument("not a date (YYYY-MM-DD): " + j.dump());
  return *d;
}

nlohmann::json ranges_json(const std::vector<schedule::date_range>& ranges) {
  auto out = nlohmann::json::array();
  for (const auto& r : ranges) out.push_back({{"first", schedule::to_iso(r.first)}, {"last", schedule::to_iso(r.last)}});
  return out;
}

// A range {"first","last"} or, for a one-day holiday, just its date.
std::vector<schedule::date_range> ranges_from(const nlohmann::json& j) {
  std::vector<schedule::date_range> out;
  for (const auto& item : j) {
    if (item.is_string()) {
      const auto d = date_from(item);
      out.push_back({d, d});
    } else {
      out.push_back({date_from(item.at("first")), date_from(item.at("last"))});
    }
  }
  return out;
}

}  // namespace

bool is_school_day(const school_calendar& c, schedule::civil_date d) {
  if (!c.terms.empty() && !inside(c.terms, d)) return false;
  return !inside(c.holidays, d);
}

void to_json(nlohmann::json& j, const school_calendar& c) {
  j = {{"terms", ranges_json(c.terms)}, {"holidays", ranges_json(c.holidays)}};
}

void from_json(const nlohmann::json& j, school_calendar& c) {
  c = {};
  if (j.contains("terms")) c.terms = ranges_from(j["terms"]);
  if (j.contains("holidays")) c.holidays = ranges_from(j["holidays"]);
}

}  // namespace commonsbot::meetings
