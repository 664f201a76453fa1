// The adapters.teams section: every problem named by its path, single-tenant by default,
// secrets only by reference, and who is served.
#include "adapters/teams/settings.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>

using namespace commonsbot;
using nlohmann::json;

namespace {

bool settings_problem_at(const flows::problem_list& problems, const std::string& path) {
  for (const auto& p : problems)
    if (p.path == path) return true;
  return false;
}

}  // namespace

TEST_CASE("teams settings: what a single-tenant bot needs, each missing piece named", "[teams][settings]") {
  flows::problem_list problems;
  adapters::teams::read_settings(json::object(), "bot.json", problems);
  CHECK(settings_problem_at(problems, "/adapters/teams/app_id"));
  CHECK(settings_problem_at(problems, "/adapters/teams/app_password"));
  CHECK(settings_problem_at(problems, "/adapters/teams/tenant_id"));

  problems.clear();
  ::setenv("TEAMS_SETTINGS_TEST_SECRET", "shh", 1);
  auto s = adapters::teams::read_settings(
      json{{"app_id", "app-1"}, {"app_password", {{"env", "TEAMS_SETTINGS_TEST_SECRET"}}}, {"tenant_id", "t1"}},
      "bot.json", problems);
  CHECK(problems.empty());
  CHECK(s.single_tenant);
  CHECK(s.app_password.reveal() == "shh");
  CHECK(s.token_tenant() == "t1");
  CHECK(s.allows("t1"));
  CHECK_FALSE(s.allows("t2"));
  CHECK_FALSE(s.allows(""));
}

TEST_CASE("teams settings: multi-tenant, allow-lists and bad values", "[teams][settings]") {
  flows::problem_list problems;
  ::setenv("TEAMS_SETTINGS_TEST_SECRET", "shh", 1);
  auto multi = adapters::teams::read_settings(
      json{{"app_id", "app-1"}, {"app_password", {{"env", "TEAMS_SETTINGS_TEST_SECRET"}}}, {"app_type", "multi_tenant"}},
      "bot.json", problems);
  CHECK(problems.empty());
  CHECK(multi.token_tenant() == "botframework.com");
  CHECK(multi.allows("any-tenant"));
  multi.allowed_tenants = {"school-a"};
  CHECK(multi.allows("school-a"));
  CHECK_FALSE(multi.allows("school-b"));

  problems.clear();
  adapters::teams::read_settings(json{{"app_id", "app-1"},
                                      {"app_password", "inline-secret"},
                                      {"tenant_id", "t1"},
                                      {"app_type", "both"},
                                      {"allowed_tenants", "t1"},
                                      {"login_url", "http://login.example"},
                                      {"max_activity_bytes", 10},
                                      {"colour", "blue"}},
                                 "bot.json", problems);
  for (const char* path : {"/adapters/teams/app_password", "/adapters/teams/app_type", "/adapters/teams/allowed_tenants",
                           "/adapters/teams/login_url", "/adapters/teams/max_activity_bytes", "/adapters/teams/colour"})
    CHECK(settings_problem_at(problems, path));
}
