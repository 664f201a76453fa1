// A nudge reaches a Teams user proactively: the real binary opens their 1:1 conversation
// through the Bot Connector the first time, and after a restart goes straight to it.
#include "teams_server.hpp"

#include "schedule/job.hpp"

using namespace commonsbot;
using namespace commonsbot::test;
using namespace commonsbot::test::teams_e2e;

namespace {

// Two meetings Sam attends, each nudging him the day before: one nudge per restart below (a
// meeting's nudge goes once per occurrence, however often its job fires).
std::string teams_meeting_json() {
  std::string meetings;
  for (const char* id : {"m-syndicate", "m-science"})
    meetings += std::string(meetings.empty() ? "" : ", ") + R"({"id": ")" + id + R"(", "name": ")" + id +
                R"(", "kind": "syndicate", "attendees": ["teams:)" + teams_sam + R"("], "every": "weekly",
                    "weekdays": ["mon", "tue", "wed", "thu", "fri"], "time": "15:30", "terms_only": false,
                    "nudges": [{"rule": "1d@15:00", "teachers": true}]})";
  return R"("time_zone": "Pacific/Auckland", "meetings": [)" + meetings + "]";
}

// The nudge job of meeting `meeting`, as `schedule run-now` names it.
std::string teams_nudge_job(store::store& db, const std::string& meeting) {
  for (const auto& [key, value] : db.scan("schedule"))
    if (value.value("kind", "") == "nudge" && value.value("id", "").find(meeting) != std::string::npos)
      return value.value("tenant", "") + "/" + value.value("id", "");
  return {};
}

std::size_t teams_creates(const fake_microsoft& ms) {
  std::size_t n = 0;
  for (const auto& r : ms.connector_calls()) n += r.method == "POST" && r.target.ends_with("/v3/conversations");
  return n;
}

std::size_t teams_sent_to_dm(const fake_microsoft& ms) {
  std::size_t n = 0;
  for (const auto& r : ms.connector_calls()) n += r.target.find("/v3/conversations/a%3Ait-dm-") != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("teams e2e: a nudge reaches a person proactively, the 1:1 is created once, remembered across a restart",
          "[integration][teams]") {
  teams_server_options o;
  o.tenant_extra = teams_meeting_json();
  teams_server s(o);
  // Sam talks to the bot once: now it knows where to reach him (his service URL).
  REQUIRE(s.send(s.message("library help")).status == 200);
  REQUIRE(s.wait_for_sent("what you can do"));

  for (int round = 1; round <= 2; ++round) {
    INFO("round " << round);
    auto db = s.stop_and_open();
    const std::string job = teams_nudge_job(*db, round == 1 ? "m-syndicate" : "m-science");
    REQUIRE_FALSE(job.empty());
    db.reset();
    auto fired = run_process({binary(), "schedule", "--config", s.config.string(), "run-now", job}, "");
    INFO(fired.out << fired.err);
    REQUIRE(fired.exit_code == 0);
    s.start();
    REQUIRE(eventually([&] { return teams_sent_to_dm(s.ms) == static_cast<std::size_t>(round); }));
    CHECK(teams_creates(s.ms) == 1);  // the second round went straight to the remembered chat
  }
  const auto create = [&] {
    for (const auto& r : s.ms.connector_calls())
      if (r.target.ends_with("/v3/conversations")) return r;
    return recorded_request{};
  }();
  const json body = json::parse(create.body);
  CHECK(body["members"][0]["id"] == teams_sam);
  CHECK(body["channelData"]["tenant"]["id"] == fake_microsoft::tenant);
  CHECK(create.header("Authorization") == "Bearer " + s.ms.access_token());
}
