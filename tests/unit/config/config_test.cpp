#include "config/config.hpp"
#include "config_support.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace commonsbot;
using config_test::reported;

TEST_CASE("the example config is valid", "[app][config]") {
  auto r = config::load_config(std::string(COMMONSBOT_SOURCE_DIR) + "/config/commonsbot.example.json");
  for (const auto& p : r.problems) INFO(p.to_string());
  CHECK(r.problems.empty());
  CHECK(r.cfg.server.port == 8080);
  CHECK(r.cfg.tenants.at(0).roles.at("aroha") == core::role::library_staff);
}

TEST_CASE("every config problem is named with its JSON path", "[app][config]") {
  test::temp_dir dir;
  std::ofstream(dir / "c.json") << R"({
    // comments are fine
    "server": {"port": 70000, "threads": "two", "colour": "red"},
    "store": {"sync": "sometimes"},
    "flows": {"session_idle_minutes": 0},
    "log": {"level": "loud"},
    "tenants": [{"id": "a/b"}, {"name": "no id"}, {"id": "x", "roles": {"sam": "wizard"}}],
    "adapters": {"fax": {}},
    "extra": true
  })";
  auto r = config::load_config(dir / "c.json");
  CHECK_FALSE(r.ok());
  CHECK(reported(r.problems, "/server/port", "between 0 and 65535"));
  CHECK(reported(r.problems, "/server/threads", "whole number"));
  CHECK(reported(r.problems, "/server/colour", "unknown key", flows::problem::severity::warning));
  CHECK(reported(r.problems, "/store/sync", "must be"));
  CHECK(reported(r.problems, "/flows/session_idle_minutes", "between"));
  CHECK(reported(r.problems, "/log/level", "debug, info"));
  CHECK(reported(r.problems, "/tenants/0/id", "'/'"));
  CHECK(reported(r.problems, "/tenants/1/id", "missing"));
  CHECK(reported(r.problems, "/tenants/2/roles/sam", "unknown role"));
  CHECK(reported(r.problems, "/adapters/fax", "unknown adapter", flows::problem::severity::warning));
  CHECK(reported(r.problems, "/extra", "unknown key", flows::problem::severity::warning));
}

TEST_CASE("the connection limits under server are read, with safe defaults", "[app][config]") {
  test::temp_dir dir;
  std::ofstream(dir / "none.json") << R"({"server": {}})";
  const auto defaults = config::load_config(dir / "none.json");
  CHECK(defaults.cfg.server.max_connections_per_address == 64);
  CHECK(defaults.cfg.server.max_requests_per_connection == 1000);
  CHECK(defaults.cfg.server.idle_timeout == std::chrono::seconds(5));

  std::ofstream(dir / "set.json") << R"({"server": {"max_connections_per_address": 8,
                                                     "max_requests_per_connection": 3, "idle_timeout_ms": 7000}})";
  const auto set = config::load_config(dir / "set.json");
  for (const auto& p : set.problems) INFO(p.to_string());
  CHECK(set.problems.empty());
  CHECK(set.cfg.server.max_connections_per_address == 8);
  CHECK(set.cfg.server.max_requests_per_connection == 3);
  CHECK(set.cfg.server.idle_timeout == std::chrono::seconds(7));

  std::ofstream(dir / "bad.json") << R"({"server": {"max_connections_per_address": 0, "max_requests_per_connection": -1}})";
  const auto bad = config::load_config(dir / "bad.json");
  CHECK(reported(bad.problems, "/server/max_connections_per_address", "between 1 and"));
  CHECK(reported(bad.problems, "/server/max_requests_per_connection", "between 1 and"));
}

TEST_CASE("bad JSON and a missing file are errors", "[app][config]") {
  test::temp_dir dir;
  std::ofstream(dir / "bad.json") << R"({"server": {"port": 80,}})";
  auto bad = config::load_config(dir / "bad.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.problems[0].what.find("not valid JSON") != std::string::npos);
  CHECK_FALSE(config::load_config(dir / "missing.json").ok());
}

TEST_CASE("a config with a number too large for JSON is an error and no crash", "[app][config]") {
  test::temp_dir dir;
  std::ofstream(dir / "huge.json") << R"({"server": {"port": 1e400}})";
  auto huge = config::load_config(dir / "huge.json");
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.problems[0].what.find("too large") != std::string::npos);
}

TEST_CASE("secrets come from the environment or a file, never into text", "[app][config]") {
  test::temp_dir dir;
  flows::problem_list problems;
  ::setenv("COMMONSBOT_TEST_SECRET", "s3cret", 1);
  auto from_env = config::resolve_secret(nlohmann::json{{"env", "COMMONSBOT_TEST_SECRET"}}, "c.json", "/x", problems);
  CHECK(from_env.reveal() == "s3cret");
  CHECK(from_env.source() == "env:COMMONSBOT_TEST_SECRET");

  std::ofstream(dir / "secret") << "from-file\n";
  auto from_file = config::resolve_secret(nlohmann::json{{"file", (dir / "secret").string()}}, "c.json", "/y", problems);
  CHECK(from_file.reveal() == "from-file");
  CHECK(problems.empty());

  ::unsetenv("COMMONSBOT_MISSING_SECRET");
  config::resolve_secret(nlohmann::json{{"env", "COMMONSBOT_MISSING_SECRET"}}, "c.json", "/z", problems);
  CHECK(reported(problems, "/z", "COMMONSBOT_MISSING_SECRET is not set"));
  config::resolve_secret(nlohmann::json("inline-value"), "c.json", "/w", problems);
  CHECK(reported(problems, "/w", "written inline", flows::problem::severity::warning));
  for (const auto& p : problems) CHECK(p.what.find("inline-value") == std::string::npos);
}

TEST_CASE("fetch.ca_file is read when it names a file and check-config says at its path when it does not",
          "[app][config]") {
  test::temp_dir dir;
  const auto with_ca_file = [&dir](const std::string& path) {
    std::ofstream(dir / "c.json") << nlohmann::json{{"fetch", {{"ca_file", path}}}}.dump();
    return config::load_config(dir / "c.json");
  };
  CHECK(config::load_config(std::string(COMMONSBOT_SOURCE_DIR) + "/config/commonsbot.example.json").cfg.fetch_ca_file.empty());

  std::ofstream(dir / "school-ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  const auto ok = with_ca_file((dir / "school-ca.pem").string());
  for (const auto& p : ok.problems) INFO(p.to_string());
  CHECK(ok.problems.empty());
  CHECK(ok.cfg.fetch_ca_file == (dir / "school-ca.pem").string());

  const auto missing = with_ca_file((dir / "none.pem").string());
  CHECK_FALSE(missing.ok());
  CHECK(reported(missing.problems, "/fetch/ca_file", "cannot find"));
  CHECK(reported(missing.problems, "/fetch/ca_file", "PEM file of certificate authorities"));

  CHECK(reported(with_ca_file(dir.path().string()).problems, "/fetch/ca_file", "is not a file"));

  std::ofstream(dir / "c.json") << R"({"fetch": {"ca_file": true}})";
  CHECK(reported(config::load_config(dir / "c.json").problems, "/fetch/ca_file", "must be text"));
}
