// The scheduler jobs digests need, derived (pure) from the "digest_profiles" records, the way
// meetings/jobs.hpp derives nudges: one "digest" job per subscribed profile, so the serve
// loop can rebuild them at start and after any profile change without a second truth.
//
//   weekly / fortnightly: the profile's weekday at its time, in its zone (the profile's,
//     else the person's, else the school's); fortnightly weeks count from digest_anchor, so
//     re-deriving never shifts a teacher to the other week;
//   monthly: the `dates` cadence, the first such weekday of each of the next 12 months
//     (re-derived as months pass);
//   off, or not subscribed: no job (an existing one is removed).
//
// The payload names the person ({"person": key}); the fire reads the profile fresh.
#pragma once

#include "digest/profile.hpp"
#include "schedule/job.hpp"
#include "store/store.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::digest {

inline constexpr std::string_view job_kind = "digest";
// Fortnightly digests go in the weeks of this Monday, two, four ... weeks on.
inline constexpr schedule::civil_date digest_anchor{2024, 1, 1};

// "digest-" + the person key, with '%', '/' and '@' escaped (%25, %2F, %40): job ids may hold
// neither '/' nor '@', and Matrix user ids start with '@'.
std::string job_id(std::string_view person);

// The zone a profile's digest is planned in: the profile's, else the person's, else the
// school's, else Pacific/Auckland; only names the zoneinfo knows count.
std::string zone_for(const profile& p, std::string_view person_zone, std::string_view tenant_zone);

// The profile's job, or nullopt when it gets none (unsubscribed, off, or a time or weekday
// that does not read). `now_ms` only matters for monthly (which months come next).
std::optional<schedule::job> digest_job(const profile& p, const std::string& zone, long long now_ms);

struct derived_digest_jobs {
  std::vector<schedule::job> wanted;
  std::size_t subscribed = 0;
  std::vector<std::string> problems;  // records skipped, in words (logged by the caller)
};

// Reads `tenant`'s profiles (and their people records, for zones) from `db`.
derived_digest_jobs derive_jobs(const store::store& db, std::string_view tenant, std::string_view tenant_zone,
                                long long now_ms);

// What to change so the stored "digest" jobs of `tenant` are exactly `wanted`: new or
// rescheduled ones to put (the scheduler plans them from now), jobs no longer wanted to
// remove. Other kinds are never touched.
struct digest_job_changes {
  std::vector<schedule::job> put;
  std::vector<std::string> remove;
};
digest_job_changes diff(const std::map<std::string, schedule::job, std::less<>>& existing,
                        const std::vector<schedule::job>& wanted, std::string_view tenant);

}  // namespace commonsbot::digest
