#include "app/schedule_settings.hpp"

#include "fetch/fetch.hpp"
#include "log/log.hpp"
#include "meetings/ics_import.hpp"

namespace commonsbot::app {

workers::schedule_loop_options schedule_options(const config::config& cfg) {
  workers::schedule_loop_options opts;
  opts.lateness = std::chrono::minutes(cfg.schedule.lateness_minutes);
  for (const auto& t : cfg.tenants) {
    workers::tenant_schedule s;
    s.id = t.id;
    s.time_zone = t.time_zone;
    s.calendar = t.calendar;
    s.rules = t.nudge_rules;
    s.meetings = t.meetings;
    for (const auto& feed : t.calendars) s.feeds.push_back({feed.url, feed.refresh_minutes, feed.zone});
    opts.tenants.push_back(std::move(s));
  }
  return opts;
}

void add_ics_holidays(config::config& cfg) {
  for (auto& t : cfg.tenants) {
    if (t.holidays_ics.empty()) continue;
    fetch::request req;
    req.url = t.holidays_ics;
    req.public_only = !cfg.fetch_allow_private_addresses;
    req.ca_file = cfg.fetch_ca_file;
    const auto got = fetch::get(req);
    if (got.what != fetch::result::outcome::fetched) {
      log::warn("calendar.holidays_unreadable").kv("tenant", t.id).kv("file", fetch::display_address(t.holidays_ics)).kv("reason", got.error);
      continue;
    }
    const auto found = meetings::import_holidays(got.body);
    for (const auto& p : found.problems) log::warn("calendar.holiday_skipped").kv("file", fetch::display_address(t.holidays_ics)).kv("problem", p);
    if (!found.parsed) continue;
    t.calendar.holidays.insert(t.calendar.holidays.end(), found.holidays.begin(), found.holidays.end());
    log::info("calendar.holidays").kv("tenant", t.id).kv("file", fetch::display_address(t.holidays_ics)).kv("ranges", found.holidays.size());
  }
}

void fill_nudge_tenants(const config::config& cfg, nudges::context& ctx) {
  for (const auto& t : cfg.tenants) ctx.tenants[t.id] = {t.time_zone, t.calendar, t.nudge_rules};
}

}  // namespace commonsbot::app
