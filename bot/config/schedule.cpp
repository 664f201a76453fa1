#include "config/schedule.hpp"

#include "schedule/zone.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <set>

namespace commonsbot::config::detail {
namespace {

// Where a problem is and what is wrong, with what to write instead.
struct reporter {
  const std::string& file;
  flows::problem_list& problems;
  std::size_t errors = 0;
  void error(const std::string& path, const std::string& what) {
    problems.push_back({problem::severity::error, file, path, what});
    ++errors;
  }
  void warn(const std::string& path, const std::string& what) { problems.push_back({problem::severity::warning, file, path, what}); }
};

std::string shown(const nlohmann::json& v) { return v.is_string() ? "\"" + v.get<std::string>() + "\"" : v.dump(); }

std::optional<schedule::civil_date> read_date(const nlohmann::json& v, const std::string& path, reporter& rep) {
  const auto d = v.is_string() ? schedule::parse_date(v.get<std::string>()) : std::nullopt;
  if (!d) rep.error(path, shown(v) + " is not a date; write YYYY-MM-DD, e.g. 2027-02-01");
  return d;
}

bool known_zone(const std::string& name) { return !name.empty() && schedule::zone::find(name).has_value(); }

std::string zone_advice(const std::string& name) {
  return "\"" + name + "\" is not a time zone we know; write an IANA name, e.g. Pacific/Auckland or Europe/London";
}

// [{"first": "2027-02-01", "last": "2027-04-16"}, ...]; with `single_days`, "2027-04-25" too.
std::vector<schedule::date_range> read_ranges(const nlohmann::json& v, const std::string& path, bool single_days, reporter& rep) {
  std::vector<schedule::date_range> out;
  if (!v.is_array()) {
    rep.error(path, std::string("must be a list of {\"first\": \"YYYY-MM-DD\", \"last\": \"YYYY-MM-DD\"}") +
                        (single_days ? " or dates" : ""));
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string p = path + "/" + std::to_string(i);
    if (single_days && v[i].is_string()) {
      if (auto d = read_date(v[i], p, rep)) out.push_back({*d, *d});
      continue;
    }
    section_reader r(v[i], p, rep.file, rep.problems);
    const auto* first = r.find("first");
    const auto* last = r.find("last");
    if (!v[i].is_object() || !first || !last) {
      rep.error(p, "write {\"first\": \"YYYY-MM-DD\", \"last\": \"YYYY-MM-DD\"} (both days included)" +
                       std::string(single_days ? ", or one date for a single day" : ""));
      continue;
    }
    const auto a = read_date(*first, p + "/first", rep);
    const auto b = read_date(*last, p + "/last", rep);
    if (!a || !b) continue;
    if (*b < *a) rep.error(p + "/last", "ends before it starts (" + schedule::to_iso(*a) + "); swap first and last");
    else out.push_back({*a, *b});
  }
  return out;
}

std::vector<meetings::nudge_rule> read_rules(const nlohmann::json& v, const std::string& path, reporter& rep) {
  std::vector<meetings::nudge_rule> out;
  if (!v.is_array()) {
    rep.error(path, "must be a list of rules, e.g. [\"1d@15:00\", {\"rule\": \"2h\", \"teachers\": true}]");
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string p = path + "/" + std::to_string(i);
    const nlohmann::json* text = &v[i];
    bool teachers = false;
    std::optional<section_reader> r;
    if (v[i].is_object()) {
      r.emplace(v[i], p, rep.file, rep.problems);
      text = r->find("rule");
      if (const auto* t = r->find("teachers")) {
        if (t->is_boolean()) teachers = t->get<bool>();
        else rep.error(p + "/teachers", "must be true or false");
      }
      if (!text) {
        rep.error(p + "/rule", "missing: write when the nudge goes, e.g. \"1d@15:00\" or \"2h\"");
        continue;
      }
    }
    auto rule = text->is_string() ? meetings::parse_nudge_rule(text->get<std::string>()) : std::nullopt;
    if (!rule) {
      rep.error(r ? p + "/rule" : p, shown(*text) + " is not a nudge rule; write \"1d@15:00\" (the day before at 15:00), "
                                     "\"0d@08:00\" (the same day at 08:00) or \"2h\" / \"90m\" (that long before)");
      continue;
    }
    rule->teachers = teachers;
    out.push_back(*rule);
  }
  return out;
}

std::vector<std::string> read_words(const nlohmann::json& v, const std::string& path, const std::string& example, reporter& rep) {
  std::vector<std::string> out;
  if (!v.is_array()) {
    rep.error(path, "must be a list, e.g. " + example);
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].is_string() && !v[i].get<std::string>().empty()) out.push_back(v[i].get<std::string>());
    else if (v[i].is_number_integer()) out.push_back(std::to_string(v[i].get<long long>()));  // year level 5
    else rep.error(path + "/" + std::to_string(i), shown(v[i]) + " must be words, e.g. " + example);
  }
  return out;
}

// "tue", "Tuesday" or 2 (ISO: 1 = Monday ... 7 = Sunday).
std::optional<int> weekday_of(const nlohmann::json& v) {
  if (v.is_number_integer()) {
    const auto n = v.get<long long>();
    return n >= 1 && n <= 7 ? std::optional<int>(static_cast<int>(n)) : std::nullopt;
  }
  if (!v.is_string()) return std::nullopt;
  std::string s = v.get<std::string>();
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 7> names{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::size_t i = 0; i < names.size(); ++i)
    if (s.size() >= 3 && names[i].starts_with(s)) return static_cast<int>(i) + 1;
  return std::nullopt;
}

void read_meeting(const nlohmann::json& v, const std::string& p, const tenant_config& t, std::set<std::string>& ids,
                  reporter& rep, std::vector<meetings::meeting>& out) {
  section_reader r(v, p, rep.file, rep.problems);
  if (!v.is_object()) {
    rep.error(p, "must be a meeting: {\"id\": \"m-syndicate\", \"name\": ..., \"weekdays\": [\"tue\"], \"time\": \"08:15\"}");
    return;
  }
  const std::size_t before = rep.errors;
  meetings::meeting m;
  m.tenant = t.id;
  m.source = "config";
  r.text("id", m.id);
  if (m.id.empty()) rep.error(p + "/id", "missing: give the meeting a short id, e.g. \"m-syndicate\"");
  else if (m.id.find_first_of("/@ \t") != std::string::npos) rep.error(p + "/id", "\"" + m.id + "\" must have no spaces, '/' or '@'; e.g. \"m-syndicate\"");
  else if (!ids.insert(m.id).second) rep.error(p + "/id", "\"" + m.id + "\" appears twice; give each meeting its own id");
  r.text("name", m.name);
  if (m.name.empty()) rep.error(p + "/name", "missing: name the meeting, e.g. \"Years 5-6 syndicate\"");
  r.text("kind", m.kind);
  if (m.kind != "syndicate" && m.kind != "department" && m.kind != "staff" && m.kind != "other")
    rep.error(p + "/kind", "\"" + m.kind + "\" is not a kind; write syndicate, department, staff or other");
  if (const auto* a = r.find("learning_areas")) m.plans_for.learning_areas = read_words(*a, p + "/learning_areas", "[\"science\"]", rep);
  if (const auto* y = r.find("year_levels")) m.plans_for.year_levels = read_words(*y, p + "/year_levels", "[\"5\", \"6\"]", rep);
  r.text("team", m.plans_for.team);
  if (const auto* a = r.find("attendees")) {
    m.attendees = read_words(*a, p + "/attendees", "[\"slack:U0123ABCD\"]", rep);
    for (std::size_t i = 0; i < m.attendees.size(); ++i) {
      const auto& k = m.attendees[i];
      if (k.find(':') == std::string::npos || k.front() == ':' || k.back() == ':')
        rep.error(p + "/attendees/" + std::to_string(i), "\"" + k + "\" is not a person; write platform:user id, e.g. slack:U0123ABCD or console:aroha");
    }
  }
  std::string every = "weekly";
  r.text("every", every);
  if (every == "fortnightly") m.when.every = schedule::recurrence::cadence::fortnightly;
  else if (every != "weekly") rep.error(p + "/every", "\"" + every + "\" is not a cadence; write weekly or fortnightly");
  if (const auto* w = r.find("weekdays"); w && w->is_array() && !w->empty()) {
    for (std::size_t i = 0; i < w->size(); ++i) {
      if (auto d = weekday_of((*w)[i])) m.when.weekdays.push_back(*d);
      else rep.error(p + "/weekdays/" + std::to_string(i), shown((*w)[i]) + " is not a weekday; write mon..sun or 1 (Monday) to 7 (Sunday)");
    }
  } else {
    rep.error(p + "/weekdays", "missing: list the meeting's days, e.g. [\"tue\"] or [2]");
  }
  if (const auto* a = r.find("anchor")) {
    if (auto d = read_date(*a, p + "/anchor", rep)) m.when.anchor = *d;
  } else if (m.when.every == schedule::recurrence::cadence::fortnightly) {
    rep.error(p + "/anchor", "missing: a fortnightly meeting needs any date in a week it meets, e.g. \"2027-02-02\"");
  }
  if (const auto* at = r.find("time")) {
    const auto time = at->is_string() ? schedule::parse_time_of_day(at->get<std::string>()) : std::nullopt;
    if (time) {
      m.when.hour = time->hour;
      m.when.minute = time->minute;
    } else {
      rep.error(p + "/time", shown(*at) + " is not a time; write HH:MM, e.g. 08:15");
    }
  } else {
    rep.error(p + "/time", "missing: write the start time as HH:MM, e.g. 08:15");
  }
  m.when.zone = t.time_zone;
  r.text("zone", m.when.zone);
  if (m.when.zone.empty()) rep.error(p + "/zone", "missing: write an IANA zone, e.g. Pacific/Auckland, here or as the school's time_zone");
  else if (!known_zone(m.when.zone)) rep.error(p + "/zone", zone_advice(m.when.zone));
  if (const auto* b = r.find("terms_only")) {
    if (b->is_boolean()) m.school_terms_only = b->get<bool>();
    else rep.error(p + "/terms_only", "must be true (only in term time) or false (all year)");
  }
  r.text("location", m.location);
  r.number("duration_minutes", m.duration_minutes, 1, 24 * 60);
  if (const auto* n = r.find("nudges")) m.nudges = read_rules(*n, p + "/nudges", rep);
  if (rep.errors != before) return;
  // Anything the field checks above missed (the record's own rules), still with its path.
  for (const auto& why : meetings::check(m)) rep.error(p, why);
  if (rep.errors == before) out.push_back(std::move(m));
}

void read_calendar(const nlohmann::json& v, const std::string& p, reporter& rep, tenant_config& t) {
  section_reader r(v, p, rep.file, rep.problems);
  if (!v.is_object()) return rep.error(p, "must be {\"terms\": [...], \"holidays\": [...]}");
  if (const auto* terms = r.find("terms")) t.calendar.terms = read_ranges(*terms, p + "/terms", false, rep);
  if (const auto* h = r.find("holidays")) t.calendar.holidays = read_ranges(*h, p + "/holidays", true, rep);
  r.text("holidays_ics", t.holidays_ics);
  const auto& ics = t.holidays_ics;
  std::error_code ec;
  if (!ics.empty() && !ics.starts_with("https://") && !ics.starts_with("http://") && !std::filesystem::is_regular_file(ics, ec))
    rep.error(p + "/holidays_ics", "cannot read \"" + ics + "\"; give the path (or https:// address) of an .ics file of holidays");
}

void read_feeds(const nlohmann::json& v, const std::string& p, reporter& rep, tenant_config& t) {
  if (!v.is_array()) return rep.error(p, "must be a list of {\"url\": \"https://...\", \"refresh_minutes\": 360}");
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string fp = p + "/" + std::to_string(i);
    section_reader r(v[i], fp, rep.file, rep.problems);
    calendar_feed feed;
    feed.zone = t.time_zone;
    r.text("url", feed.url);
    r.number("refresh_minutes", feed.refresh_minutes, 5, 7 * 24 * 60);
    r.text("zone", feed.zone);
    std::error_code ec;
    if (feed.url.empty()) rep.error(fp + "/url", "missing: write the calendar's https:// address or an .ics file path");
    else if (feed.url.starts_with("http://")) rep.warn(fp + "/url", "plain http can be read on the way; use https:// if the calendar offers it");
    else if (!feed.url.starts_with("https://") && !std::filesystem::is_regular_file(feed.url, ec))
      rep.error(fp + "/url", "cannot read \"" + feed.url + "\"; write an https:// address or the path of an .ics file");
    if (feed.zone.empty()) rep.error(fp + "/zone", "missing: write the zone for times without one, e.g. Pacific/Auckland, here or as the school's time_zone");
    else if (!known_zone(feed.zone)) rep.error(fp + "/zone", zone_advice(feed.zone));
    t.calendars.push_back(std::move(feed));
  }
}

}  // namespace

void read_tenant_schedule(section_reader& r, const std::string& file, flows::problem_list& problems, tenant_config& t) {
  reporter rep{file, problems};
  const std::string& p = r.pointer();
  r.text("time_zone", t.time_zone);
  if (!t.time_zone.empty() && !known_zone(t.time_zone)) rep.error(p + "/time_zone", zone_advice(t.time_zone));
  if (const auto* c = r.find("calendar")) read_calendar(*c, p + "/calendar", rep, t);
  if (const auto* n = r.find("nudges")) t.nudge_rules = read_rules(*n, p + "/nudges", rep);
  if (const auto* m = r.find("meetings")) {
    if (!m->is_array()) {
      rep.error(p + "/meetings", "must be a list of meetings");
    } else {
      std::set<std::string> ids;
      for (std::size_t i = 0; i < m->size(); ++i) read_meeting((*m)[i], p + "/meetings/" + std::to_string(i), t, ids, rep, t.meetings);
    }
  }
  if (const auto* f = r.find("calendars")) read_feeds(*f, p + "/calendars", rep, t);
}

void read_schedule(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/schedule", file, problems);
  r.number("lateness_minutes", cfg.schedule.lateness_minutes, 0, 7 * 24 * 60);
}

}  // namespace commonsbot::config::detail
