// Scheduled digests: which job a profile gets (weekly, fortnightly, monthly, none), in whose
// zone, and how re-deriving changes only what changed.
#include "digest_support.hpp"

#include "core/keys.hpp"
#include "core/person.hpp"
#include "digest/digest_jobs.hpp"
#include "schedule/zone.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::digest;
using digest::testkit::teacher;

namespace {

// 2026-03-04 (a Wednesday) 00:00 UTC = 13:00 in Auckland.
constexpr long long wednesday_ms = 1772582400000LL;

long long next_ms(const schedule::job& j, long long after) {
  const auto z = schedule::zone::find(j.rule.zone);
  REQUIRE(z);
  const auto o = schedule::next_after(j.rule, *z, after);
  REQUIRE(o);
  return o->utc_ms;
}

std::string next_local(const schedule::job& j, long long after) {
  const auto z = schedule::zone::find(j.rule.zone);
  return schedule::to_iso(z->to_local(next_ms(j, after)));
}

}  // namespace

TEST_CASE("a digest job id is the person key, escaped so job ids stay valid", "[digest][jobs]") {
  CHECK(job_id("slack:U123") == "digest-slack:U123");
  CHECK(job_id("matrix:@ana:school.nz") == "digest-matrix:%40ana:school.nz");
  CHECK(job_id("x:a/b%") == "digest-x:a%2Fb%25");
}

TEST_CASE("the digest's zone: the profile's, else the person's, else the school's", "[digest][jobs]") {
  auto p = teacher({"science"}, {5});
  CHECK(zone_for(p, "", "") == "Pacific/Auckland");
  CHECK(zone_for(p, "", "Pacific/Chatham") == "Pacific/Chatham");
  CHECK(zone_for(p, "Australia/Sydney", "Pacific/Chatham") == "Australia/Sydney");
  CHECK(zone_for(p, "Not/AZone", "Pacific/Chatham") == "Pacific/Chatham");
  p.zone = "Europe/London";
  CHECK(zone_for(p, "Australia/Sydney", "Pacific/Chatham") == "Europe/London");
}

TEST_CASE("a weekly profile fires on its weekday at its time, in its zone", "[digest][jobs]") {
  auto p = teacher({"science"}, {5});
  p.frequency = frequency::weekly;
  p.weekday = 1;
  p.time = "07:30";
  const auto j = digest_job(p, "Pacific/Auckland", wednesday_ms);
  REQUIRE(j);
  CHECK(j->id == "digest-console:ana");
  CHECK(j->kind == "digest");
  CHECK(j->payload == nlohmann::json{{"person", "console:ana"}});
  CHECK(next_local(*j, wednesday_ms) == "2026-03-09T07:30");
  CHECK(next_ms(*j, next_ms(*j, wednesday_ms)) - next_ms(*j, wednesday_ms) == 7LL * 24 * 3600 * 1000);
}

TEST_CASE("a fortnightly profile skips a week, always the same weeks", "[digest][jobs]") {
  auto p = teacher({"science"}, {5});
  p.frequency = frequency::fortnightly;
  p.weekday = 5;
  const auto j = digest_job(p, "Pacific/Auckland", wednesday_ms);
  REQUIRE(j);
  const auto first = next_ms(*j, wednesday_ms);
  const auto second = next_ms(*j, first);
  CHECK(second - first == 14LL * 24 * 3600 * 1000);
  // Derived again a week later, it is still the same job (same weeks).
  CHECK(digest_job(p, "Pacific/Auckland", wednesday_ms + 7LL * 24 * 3600 * 1000) == j);
}

TEST_CASE("a monthly profile fires on the first such weekday of each of the next 12 months", "[digest][jobs]") {
  auto p = teacher({"science"}, {5});
  p.frequency = frequency::monthly;
  p.weekday = 1;
  p.time = "08:00";
  const auto j = digest_job(p, "Pacific/Auckland", wednesday_ms);
  REQUIRE(j);
  REQUIRE(j->rule.dates.size() == 12);
  CHECK(schedule::to_iso(j->rule.dates.front()) == "2026-03-02T08:00");  // already past: harmless
  CHECK(schedule::to_iso(j->rule.dates[1]) == "2026-04-06T08:00");
  CHECK(schedule::to_iso(j->rule.dates.back()) == "2027-02-01T08:00");
  for (const auto& d : j->rule.dates) CHECK(schedule::iso_weekday(d.date) == 1);
  CHECK(next_local(*j, wednesday_ms) == "2026-04-06T08:00");
}

TEST_CASE("no job for an unsubscribed or 'off' profile, or one with a bad time", "[digest][jobs]") {
  auto p = teacher({"science"}, {5});
  p.subscribed = false;
  CHECK_FALSE(digest_job(p, "Pacific/Auckland", wednesday_ms));
  p.subscribed = true;
  p.frequency = frequency::off;
  CHECK_FALSE(digest_job(p, "Pacific/Auckland", wednesday_ms));
  p.frequency = frequency::weekly;
  p.time = "25:99";
  CHECK_FALSE(digest_job(p, "Pacific/Auckland", wednesday_ms));
}

TEST_CASE("derive_jobs reads the school's profiles and their people's zones", "[digest][jobs]") {
  commonsbot::test::memory_store db;
  store::transaction txn;
  auto ana = teacher({"science"}, {5});
  auto ben = teacher({"english"}, {3});
  ben.person = "console:ben";
  auto cat = teacher({"maths"}, {7});
  cat.person = "console:cat";
  cat.subscribed = false;
  auto other = teacher({"maths"}, {7});
  other.tenant = "elsewhere";
  for (const auto* p : {&ana, &ben, &cat, &other})
    txn.put(std::string(profiles_collection), profile_key(p->tenant, p->person), *p);
  txn.put(std::string(profiles_collection), "school/console:broken", nlohmann::json{{"subscribed", "yes"}});
  core::person ben_person;
  ben_person.tenant = "school";
  ben_person.platform = "console";
  ben_person.user_id = "ben";
  ben_person.time_zone = "Australia/Perth";
  txn.put(std::string(core::collections::people), core::tenant_key("school", "console:ben"), ben_person);
  REQUIRE(db.commit(std::move(txn)));

  const auto d = derive_jobs(db, "school", "Pacific/Chatham", wednesday_ms);
  REQUIRE(d.wanted.size() == 2);
  CHECK(d.subscribed == 2);
  CHECK(d.wanted[0].id == "digest-console:ana");
  CHECK(d.wanted[0].rule.zone == "Pacific/Chatham");
  CHECK(d.wanted[1].id == "digest-console:ben");
  CHECK(d.wanted[1].rule.zone == "Australia/Perth");
  REQUIRE(d.problems.size() == 1);
  CHECK(d.problems[0].find("console:broken") != std::string::npos);
}

TEST_CASE("diff puts new and changed digest jobs, removes unwanted ones, leaves other kinds alone", "[digest][jobs]") {
  auto p = teacher({"science"}, {5});
  const auto weekly = *digest_job(p, "Pacific/Auckland", wednesday_ms);
  std::map<std::string, schedule::job, std::less<>> existing;
  CHECK(diff(existing, {weekly}, "school").put.size() == 1);

  auto stored = weekly;
  stored.last_fire_id = "digest-console:ana@2026-03-02T08:00";
  existing[stored.key()] = stored;
  auto nudge = weekly;
  nudge.id = "nudge-m1-0";
  nudge.kind = "nudge";
  existing[nudge.key()] = nudge;
  auto gone = weekly;
  gone.id = "digest-console:old";
  existing[gone.key()] = gone;

  auto changes = diff(existing, {weekly}, "school");
  CHECK(changes.put.empty());  // unchanged: its progress stays
  CHECK(changes.remove == std::vector<std::string>{gone.key()});
  CHECK(diff(existing, {weekly}, "elsewhere").remove.empty());

  p.time = "09:00";
  changes = diff(existing, {*digest_job(p, "Pacific/Auckland", wednesday_ms)}, "school");
  REQUIRE(changes.put.size() == 1);
  CHECK(changes.put[0].rule.hour == 9);
}
