// The real binary nudging through a whole school term on a clock file that a test moves
// 3 hours every 20 ms, killed with SIGKILL at three random moments and restarted on the same
// data each time, delivering to a fake Slack. Afterwards every expected (meeting, person)
// nudge has been delivered exactly once, was planned for 15:00 local the day before (across
// the April daylight-saving change in Pacific/Auckland), and nothing was sent for a holiday.
// Two of the four attendees have preferences: Tama's quiet hours (14:00-16:30) defer each
// Monday nudge to 16:30, and Slack must not see it before the clock file has passed that;
// Hine is paused until Monday 22 March, so the nudges up to that day are skipped (and
// recorded as such) and every later one reaches her once.
//
// The one repeat allowed is the outbox's known window (docs/delivery.md): a kill after Slack
// accepted a message but before the outbox entry was erased sends that SAME entry again
// after restart, with the same Idempotency-Key. It is counted and reported, not hidden. A
// second entry for the same nudge, which is what a double fire would make, carries a
// different key and fails the test.
#include "core/conversation_ref.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "schedule/civil_time.hpp"
#include "schedule/zone.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/fake_platform.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wall_clock.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <thread>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

constexpr const char* school_tenant = "T0SCHOOL1";
constexpr long long hour_ms = 60LL * 60 * 1000;
constexpr long long step_ms = 3 * hour_ms;

long long utc_ms(int y, unsigned mo, unsigned d, int h) {
  return (schedule::days_from_civil({y, mo, d}) * 24 + h) * hour_ms;
}

// Tama's quiet hours and Hine's pause (both inclusive of 22 March: her nudge that day is skipped).
constexpr const char* quiet_dm = "DU0TAMA003";
constexpr const char* paused_dm = "DU0HINE004";
constexpr int quiet_to_minute = 16 * 60 + 30;
const schedule::civil_date paused_until{2027, 3, 22};

// Four library staff who have talked to the bot before: people records with their Slack DMs.
void seed_people(const std::filesystem::path& data) {
  store::options opts;
  opts.dir = data.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  store::transaction txn;
  for (const auto& [user, name] : std::map<std::string, std::string>{
           {"U0AROHA01", "Aroha"}, {"U0MERE002", "Mere"}, {"U0TAMA003", "Tama"}, {"U0HINE004", "Hine"}}) {
    core::person p;
    p.tenant = school_tenant;
    p.platform = "slack";
    p.user_id = user;
    p.display_name = name;
    p.role = core::role::library_staff;
    p.direct = core::conversation_ref("slack", school_tenant, "D" + user, user);
    if (name == "Tama") {
      p.nudges.quiet_from = "14:00";
      p.nudges.quiet_to = "16:30";
    }
    if (name == "Hine") p.nudges.paused_until = schedule::to_iso(paused_until);
    txn.put(std::string(core::collections::people), core::tenant_key(school_tenant, p.key()), nlohmann::json(p));
  }
  REQUIRE(opened.store->commit(std::move(txn)));
  REQUIRE(opened.store->close());
}

std::filesystem::path write_config(const temp_dir& dir, const fake_platform& api) {
  ::setenv("CB_CRASH_SLACK_SIGNING_SECRET", "crash-slack-signing-secret-0123456789", 1);
  ::setenv("CB_CRASH_SLACK_BOT_TOKEN", "xoxb-crash", 1);
  const auto config = dir / "commonsbot.json";
  std::ofstream(config) << R"({
    "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "schedule": {"lateness_minutes": 360},
    "tenants": [{
      "id": ")" << tenant << R"(",
      "time_zone": "Pacific/Auckland",
      "calendar": {"terms": [{"first": "2027-02-01", "last": "2027-04-16"},
                             {"first": "2027-05-03", "last": "2027-07-09"}],
                   "holidays": ["2027-03-09"]},
      "nudges": ["1d@15:00"],
      "meetings": [{"id": "m-syndicate", "name": "Years 5-6 syndicate", "kind": "syndicate",
                    "attendees": ["slack:U0AROHA01", "slack:U0MERE002", "slack:U0TAMA003", "slack:U0HINE004"],
                    "every": "weekly", "weekdays": ["tue"], "time": "08:15", "terms_only": true}]
    }],
    "adapters": {"slack": {
      "signing_secret": {"env": "CB_CRASH_SLACK_SIGNING_SECRET"},
      "bot_token": {"env": "CB_CRASH_SLACK_BOT_TOKEN"},
      "api_base_url": ")" << api.url("/api") << R"(",
      "response_url_prefix": ")" << api.url("/hooks/") << R"("}},
    "delivery": {"allow_plain_http": true, "retry": {"base_ms": 50, "max_ms": 200, "max_attempts": 10}}
  })";
  return config;
}

// The Monday of a fire id "nudge-m-syndicate-0@2027-03-15T15:00".
schedule::civil_date monday_of(const std::string& fire) {
  const auto d = schedule::parse_date(fire.substr(fire.find('@') + 1, 10));
  REQUIRE(d);
  return *d;
}

// The nudges the term should bring: the Monday 15:00 before each Tuesday meeting that falls
// in term and is not a holiday, within [from, to).
std::vector<std::string> expected_fires(long long from_ms, long long to_ms) {
  const auto z = schedule::zone::find("Pacific/Auckland");
  REQUIRE(z);
  std::vector<std::string> out;
  const auto first = schedule::days_from_civil(z->to_local(from_ms).date);
  const auto last = schedule::days_from_civil(z->to_local(to_ms).date);
  for (auto day = first; day <= last; ++day) {
    const auto monday = schedule::civil_from_days(day);
    const auto tuesday = schedule::civil_from_days(day + 1);
    if (schedule::iso_weekday(monday) != 1) continue;
    const bool in_term = (tuesday >= schedule::civil_date{2027, 2, 1} && tuesday <= schedule::civil_date{2027, 4, 16}) ||
                         (tuesday >= schedule::civil_date{2027, 5, 3} && tuesday <= schedule::civil_date{2027, 7, 9});
    if (!in_term || tuesday == schedule::civil_date{2027, 3, 9}) continue;
    const long long at = z->to_utc_ms({monday, 15, 0});
    if (at >= from_ms && at < to_ms) out.push_back("nudge-m-syndicate-0@" + schedule::to_iso(monday) + "T15:00");
  }
  return out;
}

struct server {
  server(const std::filesystem::path& config, const std::filesystem::path& clock, const temp_dir& dir, int run)
      : port_file(dir / "port"), log(dir / ("server-" + std::to_string(run) + ".log")) {
    std::filesystem::remove(port_file);
    process = std::make_unique<child_process>(
        std::vector<std::string>{binary(), "serve", "--config", config.string(), "--port-file", port_file.string(),
                                 "--clock-file", clock.string()},
        log);
    if (wait_for_port_file(port_file) == 0) FAIL("run " << run << " did not start:\n" << read_file(log));
  }
  std::filesystem::path port_file, log;
  std::unique_ptr<child_process> process;
};

// What Slack received, per outbox entry (the Idempotency-Key without its ".N" part number).
struct delivery_seen {
  std::string channel;
  std::string fire;   // the fire id the message's buttons carry
  int accepted = 0;   // 2xx answers for its first part: above 1 is a retry of the same entry
  std::chrono::steady_clock::time_point first_at = std::chrono::steady_clock::time_point::max();
};

std::map<std::string, delivery_seen> deliveries(const fake_platform& api) {
  static const std::regex fire_id(R"(nudge-m-syndicate-0@\d{4}-\d\d-\d\dT\d\d:\d\d)");
  std::map<std::string, delivery_seen> out;
  for (const auto& r : api.requests()) {
    if (r.target.find("chat.postMessage") == std::string::npos || r.status < 200 || r.status >= 300) continue;
    const auto key = r.header("Idempotency-Key");
    const auto base = key.substr(0, key.find('.'));
    auto& d = out[base];
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_object() && body.contains("channel")) d.channel = body["channel"].get<std::string>();
    if (std::smatch m; std::regex_search(r.body, m, fire_id)) d.fire = m.str();
    if (key == base) ++d.accepted;
    d.first_at = std::min(d.first_at, r.at);
  }
  return out;
}

}  // namespace

TEST_CASE("a term of nudges survives three kill -9s: each delivered once, on time, none in the holidays",
          "[crash][nudges]") {
  fake_platform api;
  temp_dir dir;
  const auto config = write_config(dir, api);
  const auto clock = dir / "now";
  seed_people(dir / "data");

  const long long start = utc_ms(2027, 2, 28, 12);  // Monday 1 March, 01:00 in Auckland
  const long long end = utc_ms(2027, 5, 12, 0);     // after two weeks of term 2
  const auto expected = expected_fires(start, end);
  REQUIRE(expected.size() == 8);
  const auto z_nz = schedule::zone::find("Pacific/Auckland");
  REQUIRE(z_nz);
  // Who should hear of each fire: all four, but Hine only after her pause.
  std::set<std::pair<std::string, std::string>> wanted;
  for (const auto& fire : expected)
    for (const auto* dm : {"DU0AROHA01", "DU0MERE002", quiet_dm, paused_dm})
      if (std::string(dm) != paused_dm || monday_of(fire) > paused_until) wanted.insert({fire, dm});
  REQUIRE(wanted.size() == 8 * 3 + 5);  // paused through 1, 15 and 22 March

  // When each clock value went into the file, stamped before and after the rename, to tell
  // what the file said when Slack received something. On a busy machine this thread can be
  // held up between the two, so each question takes the bound that cannot be wrong.
  struct clock_write {
    std::chrono::steady_clock::time_point before, after;
    long long ms = 0;
  };
  std::vector<clock_write> clock_log;
  auto move_clock = [&](long long ms) {
    const auto before = std::chrono::steady_clock::now();
    set_clock_file(clock, ms);
    clock_log.push_back({before, std::chrono::steady_clock::now(), ms});
  };
  auto file_said_at_most = [&](std::chrono::steady_clock::time_point t) {  // writes begun by t
    long long ms = 0;
    for (const auto& w : clock_log)
      if (w.before <= t) ms = w.ms;
    return ms;
  };
  auto file_said_at_least = [&](std::chrono::steady_clock::time_point t) {  // writes done by t
    long long ms = 0;
    for (const auto& w : clock_log)
      if (w.after <= t) ms = w.ms;
    return ms;
  };

  const auto steps = static_cast<int>((end - start) / step_ms);
  const unsigned seed = std::getenv("NUDGE_CRASH_SEED") ? static_cast<unsigned>(std::stoul(std::getenv("NUDGE_CRASH_SEED")))
                                                        : std::random_device{}();
  INFO("seed " << seed << " (NUDGE_CRASH_SEED repeats a run)");
  std::mt19937 rng(seed);
  std::set<int> kills;
  while (kills.size() < 3) kills.insert(std::uniform_int_distribution<int>(1, steps - 1)(rng));

  // The outbox worker sleeps up to 250 ms of real time between looks at the clock (37 hours
  // of this test's time), so at the first step past each Monday 16:30 the clock is held until
  // Slack has Tama's deferred nudge (at most 5 s): then "arrived within one step of 16:30" is
  // a real check, and everyone else's steps stay short.
  std::map<int, std::string> quiet_end_steps;  // step -> the fire whose deferral ends there
  for (const auto& fire : expected) {
    const long long ends = z_nz->to_utc_ms({monday_of(fire), quiet_to_minute / 60, quiet_to_minute % 60});
    quiet_end_steps[static_cast<int>((ends - start + step_ms - 1) / step_ms)] = fire;
  }
  auto has_quiet_delivery = [&](const std::string& fire) {
    for (const auto& [key, d] : deliveries(api))
      if (d.channel == quiet_dm && d.fire == fire) return true;
    return false;
  };

  move_clock(start);
  int run = 0;
  auto s = std::make_unique<server>(config, clock, dir, run);
  for (int i = 1; i <= steps; ++i) {
    move_clock(start + i * step_ms);
    // A little real time for the loop (it wakes every 10 ms with a file clock) and the
    // worker; a random share of it, so the kill lands anywhere in a fire or a send.
    std::this_thread::sleep_for(std::chrono::milliseconds(kills.count(i) ? std::uniform_int_distribution<int>(0, 20)(rng) : 20));
    if (kills.count(i)) {
      s->process->signal(SIGKILL);
      s->process->wait();
      s = std::make_unique<server>(config, clock, dir, ++run);
    }
    if (const auto q = quiet_end_steps.find(i); q != quiet_end_steps.end()) {
      const auto hold = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (!has_quiet_delivery(q->second) && std::chrono::steady_clock::now() < hold)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  // Let the last sends finish, then stop cleanly.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (deliveries(api).size() < wanted.size() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // anything extra would show now
  s->process->signal(SIGTERM);
  CHECK(s->process->wait() == 0);
  INFO(read_file(s->log));

  // What Slack saw: one entry per (fire, person); a same-key repeat is the ambiguous window.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> entries;  // (fire, channel) -> keys
  int retried = 0;
  for (const auto& [key, d] : deliveries(api)) {
    INFO("entry " << key << " to " << d.channel << " for " << d.fire);
    CHECK(!d.fire.empty());
    entries[{d.fire, d.channel}].push_back(key);
    if (d.accepted > 1) ++retried;  // killed between Slack's acceptance and the erase
    if (d.channel == quiet_dm && !d.fire.empty()) {
      // Deferred, not sent at 15:00: Slack sees it once the clock file is past 16:30, and
      // within one clock step of it (well before Tuesday's meeting).
      const long long quiet_ends = z_nz->to_utc_ms({monday_of(d.fire), quiet_to_minute / 60, quiet_to_minute % 60});
      INFO("clock file said " << file_said_at_least(d.first_at) << ".." << file_said_at_most(d.first_at)
                              << ", quiet hours end at " << quiet_ends);
      CHECK(file_said_at_most(d.first_at) >= quiet_ends);
      CHECK(file_said_at_least(d.first_at) < quiet_ends + step_ms);
    }
  }
  WARN(retried << " outbox entr" << (retried == 1 ? "y was" : "ies were")
                << " re-sent with the same Idempotency-Key after a kill (the outbox's known window)");
  for (const auto& [who, keys] : entries) {
    INFO("fire " << who.first << " to " << who.second);
    CHECK(wanted.count(who) == 1);  // nothing unexpected: no holiday, no stray time
    CHECK(keys.size() == 1);        // exactly one outbox entry: the fire was never doubled
  }
  CHECK(entries.size() == wanted.size());

  // What the bot recorded, per (fire, person), for the Tuesday 08:15 meeting: "sent" at the
  // fire, within one clock step of Monday 15:00; Tama's "deferred" for quiet hours until
  // 16:30 exactly; Hine's "skipped" while paused, then "sent" like everyone else's.
  store::options opts;
  opts.dir = (dir / "data").string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  const auto z = schedule::zone::find("Pacific/Auckland");
  std::set<std::pair<std::string, std::string>> recorded, skipped;
  for (const auto& [key, r] : opened.store->scan("nudges", core::tenant_prefix(school_tenant))) {
    INFO(key << " " << r.dump());
    const std::string fire = r.value("fire_id", "");
    const std::string dm = "D" + r.value("person", "").substr(6);
    const auto monday = monday_of(fire);
    const long long planned = z->to_utc_ms({monday, 15, 0});
    const auto tuesday = schedule::civil_from_days(schedule::days_from_civil(monday) + 1);
    CHECK(r.value("occurrence", "") == schedule::to_iso(schedule::local_time{tuesday, 8, 15}));
    if (dm == paused_dm && monday <= paused_until) {
      skipped.insert({fire, dm});
      CHECK(r.value("status", "") == "skipped");
      CHECK(r.value("reason", "") == "paused");
      continue;
    }
    recorded.insert({fire, dm});
    if (dm == quiet_dm) {
      CHECK(r.value("status", "") == "deferred");
      CHECK(r.value("reason", "") == "quiet_hours");
      CHECK(r.value("at_ms", 0LL) == z->to_utc_ms({monday, quiet_to_minute / 60, quiet_to_minute % 60}));
      continue;
    }
    CHECK(r.value("status", "") == "sent");
    CHECK(r.value("at_ms", 0LL) >= planned);
    CHECK(r.value("at_ms", 0LL) <= planned + step_ms);
  }
  CHECK(recorded == wanted);
  // One skip per paused Monday, none after, and nothing reached her then (wanted excludes them).
  const std::set<std::pair<std::string, std::string>> paused_weeks{{"nudge-m-syndicate-0@2027-03-01T15:00", paused_dm},
                                                                   {"nudge-m-syndicate-0@2027-03-15T15:00", paused_dm},
                                                                   {"nudge-m-syndicate-0@2027-03-22T15:00", paused_dm}};
  CHECK(skipped == paused_weeks);
  CHECK(opened.store->count("outbox") == 0);
  CHECK(opened.store->count("dead_letters") == 0);
  REQUIRE(opened.store->close());
}
