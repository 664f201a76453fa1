// The "retention" and "inbound" sections: safe defaults, and check-config refusing a dedupe
// window shorter than a platform's retries or a zero rate.
#include "config/config.hpp"
#include "config_support.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace commonsbot;
using config_test::reported;

TEST_CASE("retention and inbound limits have safe defaults", "[app][config]") {
  test::temp_dir dir;
  std::ofstream(dir / "c.json") << "{}";
  auto r = config::load_config(dir / "c.json");
  REQUIRE(r.ok());
  CHECK(r.cfg.retention.dedupe_hours == 24);
  CHECK(r.cfg.retention.expired_session_hours == 24);
  CHECK(r.cfg.inbound.tenant_rate_per_second == 20);
  CHECK(r.cfg.inbound.tenant_rate_burst == 100);
}

TEST_CASE("check-config refuses a dedupe window under an hour and a zero tenant rate", "[app][config]") {
  test::temp_dir dir;
  std::ofstream(dir / "c.json") << R"({
    "retention": {"dedupe_hours": 0, "expired_session_hours": -1, "forever": true},
    "inbound": {"tenant_rate_per_second": 0, "tenant_rate_burst": 0}
  })";
  auto r = config::load_config(dir / "c.json");
  CHECK_FALSE(r.ok());
  CHECK(reported(r.problems, "/retention/dedupe_hours", "between 1 and"));
  CHECK(reported(r.problems, "/retention/expired_session_hours", "between 0 and"));
  CHECK(reported(r.problems, "/retention/forever", "unknown key", flows::problem::severity::warning));
  CHECK(reported(r.problems, "/inbound/tenant_rate_per_second", "between 1 and"));
  CHECK(reported(r.problems, "/inbound/tenant_rate_burst", "between 1 and"));

  std::ofstream(dir / "ok.json") << R"({"retention": {"dedupe_hours": 1, "expired_session_hours": 0},
    "inbound": {"tenant_rate_per_second": 5, "tenant_rate_burst": 10}})";
  auto ok = config::load_config(dir / "ok.json");
  for (const auto& p : ok.problems) INFO(p.to_string());
  REQUIRE(ok.ok());
  CHECK(ok.cfg.retention.dedupe_hours == 1);
  CHECK(ok.cfg.inbound.tenant_rate_burst == 10);
}
