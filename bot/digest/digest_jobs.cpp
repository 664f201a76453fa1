#include "digest/digest_jobs.hpp"

#include "core/keys.hpp"
#include "core/person.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

#include <exception>
#include <set>

namespace commonsbot::digest {
namespace {

constexpr const char* fallback_zone = "Pacific/Auckland";

bool known_zone(std::string_view name) { return !name.empty() && schedule::zone::find(name).has_value(); }

// The first `weekday` (ISO) of the month.
schedule::civil_date first_weekday(int year, unsigned month, int weekday) {
  schedule::civil_date d{year, month, 1};
  const int shift = (weekday - schedule::iso_weekday(d) + 7) % 7;
  d.day += static_cast<unsigned>(shift);
  return d;
}

std::string person_zone(const store::store& db, std::string_view tenant, const std::string& person) {
  const auto found = db.get(core::collections::people, core::tenant_key(tenant, person));
  if (!found) return {};
  try {
    return found->get<core::person>().time_zone;
  } catch (const std::exception&) {
    return {};  // an unreadable person still gets their digest, in the school's zone
  }
}

}  // namespace

std::string job_id(std::string_view person) {
  std::string id = "digest-";
  for (const char c : person) {
    if (c == '%') id += "%25";
    else if (c == '/') id += "%2F";
    else if (c == '@') id += "%40";
    else id += c;
  }
  return id;
}

std::string zone_for(const profile& p, std::string_view person_zone, std::string_view tenant_zone) {
  if (known_zone(p.zone)) return p.zone;
  if (known_zone(person_zone)) return std::string(person_zone);
  if (known_zone(tenant_zone)) return std::string(tenant_zone);
  return fallback_zone;
}

std::optional<schedule::job> digest_job(const profile& p, const std::string& zone, long long now_ms) {
  if (!p.subscribed || p.frequency == frequency::off) return std::nullopt;
  if (p.weekday < 1 || p.weekday > 7) return std::nullopt;
  const auto at = schedule::parse_time_of_day(p.time);
  const auto z = schedule::zone::find(zone);
  if (!at || !z) return std::nullopt;

  schedule::job j;
  j.id = job_id(p.person);
  j.tenant = p.tenant;
  j.kind = std::string(job_kind);
  j.payload = {{"person", p.person}};
  auto& r = j.rule;
  r.zone = zone;
  r.hour = at->hour;
  r.minute = at->minute;
  switch (p.frequency) {
    case frequency::weekly:
      r.every = schedule::recurrence::cadence::weekly;
      r.weekdays = {p.weekday};
      break;
    case frequency::fortnightly:
      r.every = schedule::recurrence::cadence::fortnightly;
      r.weekdays = {p.weekday};
      r.anchor = digest_anchor;
      break;
    case frequency::monthly: {
      // From this month on (a date already past is harmless: the scheduler takes the next
      // one after now), so the rule changes only when the month turns.
      r.every = schedule::recurrence::cadence::dates;
      const auto today = z->to_local(now_ms).date;
      int year = today.year;
      unsigned month = today.month;
      for (int i = 0; i < 12; ++i) {
        r.dates.push_back({first_weekday(year, month, p.weekday), at->hour, at->minute});
        if (++month > 12) {
          month = 1;
          ++year;
        }
      }
      break;
    }
    case frequency::off:
      return std::nullopt;
  }
  if (!schedule::check(j).empty()) return std::nullopt;
  return j;
}

derived_digest_jobs derive_jobs(const store::store& db, std::string_view tenant, std::string_view tenant_zone,
                                long long now_ms) {
  derived_digest_jobs out;
  for (const auto& [key, value] : db.scan(profiles_collection, core::tenant_prefix(tenant))) {
    auto p = read_profile(value);
    if (!p) {
      out.problems.push_back("digest profile " + key + ": unreadable");
      continue;
    }
    if (!p->subscribed || p->frequency == frequency::off) continue;
    p->tenant = std::string(tenant);  // the key decides, whatever the record says
    const auto zone = zone_for(*p, person_zone(db, tenant, p->person), tenant_zone);
    auto j = digest_job(*p, zone, now_ms);
    if (!j) {
      out.problems.push_back("digest profile " + key + ": no usable day and time (" + std::to_string(p->weekday) + " " +
                             p->time + ")");
      continue;
    }
    out.wanted.push_back(std::move(*j));
    ++out.subscribed;
  }
  return out;
}

digest_job_changes diff(const std::map<std::string, schedule::job, std::less<>>& existing,
                        const std::vector<schedule::job>& wanted, std::string_view tenant) {
  digest_job_changes changes;
  std::set<std::string, std::less<>> wanted_keys;
  for (const auto& w : wanted) {
    wanted_keys.insert(w.key());
    const auto it = existing.find(w.key());
    if (it != existing.end() && it->second.kind == w.kind && it->second.rule == w.rule && it->second.payload == w.payload)
      continue;  // unchanged: keep how far it has got
    changes.put.push_back(w);
  }
  for (const auto& [key, j] : existing)
    if (j.tenant == tenant && j.kind == job_kind && !wanted_keys.contains(key)) changes.remove.push_back(key);
  return changes;
}

}  // namespace commonsbot::digest
