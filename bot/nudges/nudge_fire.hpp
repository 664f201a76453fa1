// What a "nudge" or "reflect" job does when it fires: reads the meeting (or plan) and the
// people fresh from the store, decides per person when the nudge may go (delivery_time.hpp),
// builds its content from real records (starters for the meeting's kind, the group's open
// plans and unticked checklist items, catalogue resources new in its learning areas since the
// last meeting) and returns ONE transaction: a "nudges" record per person (sent, deferred or
// skipped, with why) and the outbox entries (deferred ones with next_attempt_ms at the end
// of the quiet hours). The scheduler commits it with the job's progress.
#pragma once

#include "collab/services.hpp"
#include "meetings/calendar.hpp"
#include "meetings/nudge_rule.hpp"
#include "schedule/scheduler.hpp"
#include "store/store.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::flows {
class message_catalog;
}

namespace commonsbot::nudges {

inline constexpr std::string_view collection = "nudges";  // "<tenant>/<fire id>|<person key>"

// A tenant's scheduling settings (config tenants[]).
struct tenant_settings {
  std::string time_zone;                    // for people and plans with none; IANA
  meetings::school_calendar calendar;
  std::vector<meetings::nudge_rule> rules;  // empty: default_nudge_rule()
};

struct context {
  const store::store* db = nullptr;
  const collab::services* services = nullptr;    // content words and the catalogue
  const flows::message_catalog* messages = nullptr;
  std::string default_locale = "en-NZ";
  std::map<std::string, tenant_settings, std::less<>> tenants;
};

// The fire handler for kinds "nudge" and "reflect"; other kinds throw (the scheduler logs
// and skips). Reads only; the caller commits.
store::transaction fire(const context& ctx, const schedule::fire& f);

}  // namespace commonsbot::nudges
