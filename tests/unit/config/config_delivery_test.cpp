#include "config/config.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace commonsbot;

TEST_CASE("the delivery and admin sections are read and checked", "[app][config][delivery]") {
  test::temp_dir dir;
  ::setenv("COMMONSBOT_TEST_STATS_TOKEN", "tok", 1);
  std::ofstream(dir / "c.json") << R"({
    "delivery": {"concurrency": 4, "retry": {"base_ms": 10, "max_attempts": 0},
                 "limits": {"slack": {"conversation_per_second": 2, "conversation_burst": 0}}},
    "admin": {"port": 9999, "token": {"env": "COMMONSBOT_TEST_STATS_TOKEN"}}
  })";
  auto r = config::load_config(dir / "c.json");
  CHECK(r.cfg.delivery.concurrency == 4);
  CHECK(r.cfg.delivery.retry.base_ms == 10);
  CHECK(r.cfg.delivery.limits.at("slack").conversation.rate_per_second == 2);
  CHECK(r.cfg.delivery.limits.at("teams").tenant.rate_per_second == 20);  // defaults kept
  CHECK(r.cfg.admin.enabled);
  CHECK(r.cfg.admin.port == 9999);
  CHECK(r.cfg.admin.token.reveal() == "tok");
  bool attempts = false, burst = false;
  for (const auto& p : r.problems) {
    attempts |= p.path == "/delivery/retry/max_attempts";
    burst |= p.path == "/delivery/limits/slack/conversation_burst";
  }
  CHECK(attempts);
  CHECK(burst);
}
