#include "adapters/slack/zone_lookup.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace commonsbot;

TEST_CASE("slack zone lookup asks users.info with the workspace's token, and only where it has one", "[slack][zones]") {
  std::vector<fetch::request> seen;
  auto fake = [&seen](const fetch::request& r) {
    seen.push_back(r);
    fetch::result out;
    out.what = fetch::result::outcome::fetched;
    out.status = 200;
    out.body = R"({"ok":true,"user":{"id":"U1","tz":"Europe/London","tz_offset":0}})";
    return out;
  };
  adapters::slack::settings s;
  s.bot_token = adapters::slack::secret_value("xoxb-one");
  s.team_id = "T1";
  s.api_base_url = "https://slack.test/api";
  auto ask = adapters::slack::users_info_zones(s.api_base_url, adapters::slack::single_workspace_token(s), fake);
  const auto a = ask("T1", "U1");
  CHECK(a.what == adapters::slack::zone_answer::kind::found);
  CHECK(a.time_zone == "Europe/London");
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].url == "https://slack.test/api/users.info?user=U1");
  REQUIRE(seen[0].headers.size() == 1);
  CHECK(seen[0].headers[0].second == "Bearer xoxb-one");
  // Another workspace: this single-workspace token is not theirs, so nobody is asked.
  CHECK(ask("T2", "U9").what == adapters::slack::zone_answer::kind::none);
  CHECK(seen.size() == 1);
}
