#include "workers/schedule_derive.hpp"

#include "collab/plan.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "meetings/jobs.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

#include <exception>
#include <set>

namespace commonsbot::workers {
namespace {

std::string tenant_zone(const tenant_schedule& t) { return t.time_zone.empty() ? fallback_zone : t.time_zone; }

// The owner's zone when their profile names a real one, else the tenant's.
std::string owner_zone(const store::store& db, const tenant_schedule& t, const std::string& owner) {
  if (const auto found = db.get(core::collections::people, core::tenant_key(t.id, owner))) {
    try {
      const auto p = found->get<core::person>();
      if (!p.time_zone.empty() && schedule::zone::find(p.time_zone)) return p.time_zone;
    } catch (const std::exception&) {
      // An unreadable person record: the tenant's zone still gives them their nudge.
    }
  }
  return tenant_zone(t);
}

void add_meeting_jobs(const store::store& db, const tenant_schedule& t, derived_jobs& out) {
  for (const auto& [key, value] : db.scan(meetings::collection, core::tenant_prefix(t.id))) {
    meetings::meeting m;
    try {
      m = value.get<meetings::meeting>();
    } catch (const std::exception& e) {
      out.problems.push_back("meeting " + key + ": unreadable (" + e.what() + ")");
      continue;
    }
    if (const auto p = meetings::check(m); !p.empty()) {
      out.problems.push_back("meeting " + key + ": " + p.front());
      continue;
    }
    // The meeting's own rules, else the school's, else the built-in day-before nudge.
    auto rules = !m.nudges.empty() ? m.nudges : t.rules;
    if (rules.empty()) rules.push_back(meetings::default_nudge_rule());
    for (auto& j : meetings::nudge_jobs(m, t.calendar, rules)) out.wanted.push_back(std::move(j));
    ++out.meetings;
  }
}

void add_reflect_jobs(const store::store& db, const tenant_schedule& t, long long now_ms, derived_jobs& out) {
  for (const auto& [key, value] : db.scan(collab::plans_collection, core::tenant_prefix(t.id))) {
    collab::plan p;
    try {
      p = value.get<collab::plan>();
    } catch (const std::exception& e) {
      out.problems.push_back("plan " + key + ": unreadable (" + e.what() + ")");
      continue;
    }
    // Completed plans (every item ticked) still want their reflection; reflected ones are done.
    if (p.status == collab::plan_status::reflected || p.ends.empty()) continue;
    const auto zone = owner_zone(db, t, p.owner);
    // A plan that ended before today has had its nudge (or missed it beyond the lateness):
    // its job goes, so the schedule does not fill up with finished plans.
    if (p.ends < schedule::today_in(zone, now_ms)) continue;
    out.wanted.push_back(meetings::reflect_job(t.id, p.id, p.ends, zone));
    ++out.plans;
  }
}

}  // namespace

derived_jobs derive_jobs(const store::store& db, const tenant_schedule& t, long long now_ms) {
  derived_jobs out;
  add_meeting_jobs(db, t, out);
  add_reflect_jobs(db, t, now_ms, out);
  return out;
}

store::transaction sync_config_meetings(const store::store& db, const tenant_schedule& t) {
  store::transaction txn;
  std::set<std::string> configured;
  for (auto m : t.meetings) {
    m.tenant = t.id;
    m.source = "config";
    const auto key = m.key();
    configured.insert(key);
    const nlohmann::json wanted = m;
    const auto stored = db.get(meetings::collection, key);
    if (!stored || *stored != wanted) txn.put(std::string(meetings::collection), key, wanted);
  }
  for (const auto& [key, value] : db.scan(meetings::collection, core::tenant_prefix(t.id))) {
    if (configured.count(key) || !value.is_object() || value.value("source", "") != "config") continue;
    txn.erase(std::string(meetings::collection), key);
  }
  return txn;
}

}  // namespace commonsbot::workers
