// tenants[].feeds: the digest feeds library staff configure, every problem with its path.
#include "config/config.hpp"
#include "config/digest.hpp"
#include "config_support.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace commonsbot;
using config_test::load;
using config_test::reported;

TEST_CASE("a school's digest feeds are read, and fill the digest context", "[app][config][digest]") {
  test::temp_dir dir;
  auto r = load(dir, R"({"tenants": [{"id": "T1", "time_zone": "Pacific/Auckland", "feeds": [
    {"url": "https://lib.example.nz/new.rss", "name": "New in the library", "learning_areas": ["science"],
     "year_levels": ["Years 5-6", 7], "refresh_minutes": 120}]}]})");
  REQUIRE(r.ok());
  const auto& f = r.cfg.tenants.at(0).feeds.at(0);
  CHECK(f.url == "https://lib.example.nz/new.rss");
  CHECK(f.name == "New in the library");
  CHECK(f.learning_areas == std::vector<std::string>{"science"});
  CHECK(f.year_levels == std::vector<std::string>{"Years 5-6", "7"});
  CHECK(f.refresh_minutes == 120);
  digest::context ctx;
  config::fill_digest_tenants(r.cfg, ctx);
  CHECK(ctx.tenants.at("T1").time_zone == "Pacific/Auckland");
  CHECK(ctx.tenants.at("T1").feeds == r.cfg.tenants.at(0).feeds);
}

TEST_CASE("bad digest feeds are reported with their paths", "[app][config][digest]") {
  test::temp_dir dir;
  auto r = load(dir, R"({"tenants": [{"id": "T1", "feeds": [
    {"name": "no address"},
    {"url": "/nowhere/feed.xml"},
    {"url": "https://a.nz/f", "refresh_minutes": 1, "learning_areas": "science"},
    {"url": "https://a.nz/f"},
    {"url": "http://plain.nz/f", "learning_areas": ["underwater basket weaving"], "colour": "red"}]}]})");
  CHECK_FALSE(r.ok());
  CHECK(reported(r.problems, "/tenants/0/feeds/0/url", "missing"));
  CHECK(reported(r.problems, "/tenants/0/feeds/1/url", "cannot read"));
  CHECK(reported(r.problems, "/tenants/0/feeds/2/refresh_minutes", "between 15"));
  CHECK(reported(r.problems, "/tenants/0/feeds/2/learning_areas", "must be a list"));
  CHECK(reported(r.problems, "/tenants/0/feeds/3/url", "listed twice"));
  CHECK(reported(r.problems, "/tenants/0/feeds/4/url", "plain http", flows::problem::severity::warning));
  CHECK(reported(r.problems, "/tenants/0/feeds/4/learning_areas", "not a learning area", flows::problem::severity::warning));
  CHECK(reported(r.problems, "/tenants/0/feeds/4/colour", "unknown key", flows::problem::severity::warning));
  auto bad = load(dir, R"({"tenants": [{"id": "T1", "feeds": {"url": "x"}}]})");
  CHECK(reported(bad.problems, "/tenants/0/feeds", "must be a list"));
}
