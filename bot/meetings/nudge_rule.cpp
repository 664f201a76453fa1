#include "meetings/nudge_rule.hpp"

#include "schedule/civil_time.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <stdexcept>

namespace commonsbot::meetings {
namespace {

// Reads leading digits; false when there are none (or too many to be a sensible offset).
bool take_number(std::string_view& s, int& out) {
  std::size_t n = 0;
  out = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
    if (n >= 5) return false;
    out = out * 10 + (s[n] - '0');
    ++n;
  }
  s.remove_prefix(n);
  return n > 0;
}

// "2h", "90m", "1h30m": hours then minutes, each at most once, at least one.
std::optional<int> duration_minutes(std::string_view s) {
  int total = 0;
  bool any = false, had_minutes = false, had_hours = false;
  while (!s.empty()) {
    int n = 0;
    if (!take_number(s, n) || s.empty()) return std::nullopt;
    const char unit = s.front();
    s.remove_prefix(1);
    if (unit == 'h' && !had_hours && !had_minutes) {
      had_hours = true;
      total += n * 60;
    } else if (unit == 'm' && !had_minutes) {
      had_minutes = true;
      total += n;
    } else {
      return std::nullopt;
    }
    any = true;
  }
  // A week is the longest sensible "before"; longer ones are written as "7d@15:00".
  if (!any || total <= 0 || total > 7 * 24 * 60) return std::nullopt;
  return total;
}

}  // namespace

std::optional<nudge_rule> parse_nudge_rule(std::string_view text) {
  nudge_rule r;
  if (const auto at = text.find("d@"); at != std::string_view::npos) {
    std::string_view days = text.substr(0, at);
    int n = 0;
    if (!take_number(days, n) || !days.empty() || n > 28) return std::nullopt;
    const auto time = schedule::parse_time_of_day(text.substr(at + 2));
    if (!time) return std::nullopt;
    r.when = nudge_rule::timing::days_before_at;
    r.days = n;
    r.hour = time->hour;
    r.minute = time->minute;
    return r;
  }
  const auto minutes = duration_minutes(text);
  if (!minutes) return std::nullopt;
  r.when = nudge_rule::timing::before;
  r.minutes = *minutes;
  return r;
}

std::string to_string(const nudge_rule& r) {
  char buf[32];
  if (r.when == nudge_rule::timing::days_before_at) {
    std::snprintf(buf, sizeof buf, "%dd@%02d:%02d", r.days, r.hour, r.minute);
  } else if (r.minutes % 60 == 0) {
    std::snprintf(buf, sizeof buf, "%dh", r.minutes / 60);
  } else if (r.minutes < 60) {
    std::snprintf(buf, sizeof buf, "%dm", r.minutes);
  } else {
    std::snprintf(buf, sizeof buf, "%dh%dm", r.minutes / 60, r.minutes % 60);
  }
  return buf;
}

nudge_rule default_nudge_rule() { return nudge_rule{}; }  // 1d@15:00, library staff only

void to_json(nlohmann::json& j, const nudge_rule& r) { j = {{"rule", to_string(r)}, {"teachers", r.teachers}}; }

// Reads both forms the config allows: "1d@15:00" and {"rule": "2h", "teachers": true}.
void from_json(const nlohmann::json& j, nudge_rule& r) {
  const auto& text = j.is_object() ? j.at("rule") : j;
  const auto parsed = parse_nudge_rule(text.get<std::string>());
  if (!parsed) throw std::invalid_argument("not a nudge rule (\"1d@15:00\", \"2h\", \"90m\"): " + text.dump());
  r = *parsed;
  if (j.is_object()) r.teachers = j.value("teachers", false);
}

}  // namespace commonsbot::meetings
