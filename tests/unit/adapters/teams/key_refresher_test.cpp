// The key refresher, driven step by step on a fake clock against fake Microsoft endpoints:
// when it refreshes, how often an unknown kid may make it, and that a failure never costs
// the keys we have. Then its thread, on the real clock.
#include "teams_support.hpp"

#include "support/eventually.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace teams_test;

namespace {

const fetch_answer server_error{500, "<html>oops</html>", ""};
const fetch_answer unreachable{0, "", "could not resolve host"};

// A rig whose first refresh has loaded the primary key.
void load_first(refresher_rig& rig) {
  REQUIRE(rig.refresher.step() == refresh_outcome::refreshed);
  REQUIRE(rig.holder.load());
  REQUIRE(rig.holder.load()->find(kid));
}

}  // namespace

TEST_CASE("teams keys: the first step loads the metadata, then the JWKS it names", "[teams][keys][refresh]") {
  refresher_rig rig;
  CHECK(rig.verify(rig.bearer_now()).code == "no_keys");
  REQUIRE(rig.refresher.step() == refresh_outcome::refreshed);
  CHECK(rig.endpoints.urls() == std::vector<std::string>{metadata_url, jwks_url});
  REQUIRE(rig.holder.load());
  CHECK(rig.holder.load()->loaded_at_ms() == start_ms);
  CHECK(rig.refresher.last_error().empty());
  CHECK(rig.verify(rig.bearer_now()).ok);

  CHECK(rig.refresher.step() == refresh_outcome::idle);
  CHECK(rig.endpoints.calls() == 2);
}

TEST_CASE("teams keys: the set is refreshed once it is 24 hours old", "[teams][keys][refresh]") {
  refresher_rig rig;
  load_first(rig);
  const auto first = rig.holder.load();
  rig.advance_ms(24 * hour_ms - 1);
  CHECK(rig.refresher.step() == refresh_outcome::idle);
  CHECK(rig.endpoints.calls() == 2);
  rig.advance_ms(1);
  CHECK(rig.refresher.step() == refresh_outcome::refreshed);
  CHECK(rig.endpoints.calls() == 4);
  CHECK(rig.holder.load() != first);
  CHECK(rig.holder.load()->loaded_at_ms() == start_ms + 24 * hour_ms);
  CHECK(rig.refresher.step() == refresh_outcome::idle);
}

TEST_CASE("teams keys: an unknown kid brings at most one refresh an hour", "[teams][keys][refresh]") {
  refresher_rig rig;
  load_first(rig);
  // Microsoft rolls a new key in.
  rig.endpoints.serve_jwks({{&test::teams_key::primary(), kid}, {&test::teams_key::other(), "kid-new"}});
  const auto rolled = rig.bearer_now("kid-new", test::teams_key::other());

  SECTION("within the hour of the last refresh the miss is refused and dropped") {
    rig.advance_ms(10 * 60 * 1000);
    CHECK(rig.verify(rolled).code == "unknown_kid");
    rig.refresher.request_refresh();
    CHECK(rig.refresher.step() == refresh_outcome::idle);
    CHECK(rig.endpoints.calls() == 2);
    rig.advance_ms(hour_ms);  // the allowance is back, but nobody asked since
    CHECK(rig.refresher.step() == refresh_outcome::idle);
    CHECK(rig.endpoints.calls() == 2);
  }
  SECTION("an hour on, a miss refreshes once; the next hour's misses wait") {
    rig.advance_ms(hour_ms);
    const auto refused = rig.verify(rolled);
    CHECK(refused.status == 401);
    CHECK(refused.code == "unknown_kid");
    rig.refresher.request_refresh();
    CHECK(rig.refresher.step() == refresh_outcome::refreshed);
    CHECK(rig.endpoints.calls() == 4);
    CHECK(rig.verify(rig.bearer_now("kid-new", test::teams_key::other())).ok);

    for (int i = 0; i < 5; ++i) {
      rig.advance_ms(5 * 60 * 1000);
      CHECK(rig.verify(rig.bearer_now("forged-kid")).code == "unknown_kid");
      rig.refresher.request_refresh();
      rig.refresher.request_refresh();
      CHECK(rig.refresher.step() == refresh_outcome::idle);
    }
    CHECK(rig.endpoints.calls() == 4);
    rig.advance_ms(hour_ms - 25 * 60 * 1000);
    rig.refresher.request_refresh();
    CHECK(rig.refresher.step() == refresh_outcome::refreshed);
    CHECK(rig.endpoints.calls() == 6);
  }
  SECTION("a failed refresh counts against the allowance; its retry comes on its own schedule") {
    rig.advance_ms(hour_ms);
    rig.endpoints.set(metadata_url, server_error);
    rig.refresher.request_refresh();
    CHECK(rig.refresher.step() == refresh_outcome::failed);
    CHECK(rig.endpoints.calls() == 3);
    rig.endpoints.set(metadata_url, {200, test::render_openid_metadata(jwks_url), ""});
    rig.advance_ms(refresh_policy{}.retry_ms - 1);
    rig.refresher.request_refresh();
    CHECK(rig.refresher.step() == refresh_outcome::idle);
    CHECK(rig.endpoints.calls() == 3);
    rig.advance_ms(1);
    CHECK(rig.refresher.step() == refresh_outcome::refreshed);
    CHECK(rig.verify(rolled).ok);
  }
}

TEST_CASE("teams keys: a failed refresh keeps the last good set", "[teams][keys][refresh]") {
  refresher_rig rig;
  load_first(rig);
  const auto good = rig.holder.load();
  rig.advance_ms(24 * hour_ms);
  const auto failed_step_keeps_keys = [&](const std::string& error_part) {
    CHECK(rig.refresher.step() == refresh_outcome::failed);
    CHECK(rig.holder.load() == good);
    CHECK(rig.verify(rig.bearer_now()).ok);
    CHECK_THAT(rig.refresher.last_error(), Catch::Contains(error_part));
  };

  SECTION("the metadata host answers 500") {
    rig.endpoints.set(metadata_url, server_error);
    failed_step_keeps_keys("HTTP 500");
    CHECK(rig.endpoints.urls().back() == metadata_url);
  }
  SECTION("the metadata host cannot be reached") {
    rig.endpoints.set(metadata_url, unreachable);
    failed_step_keeps_keys("could not resolve host");
  }
  SECTION("the metadata is not JSON") {
    rig.endpoints.set(metadata_url, {200, "<html>maintenance</html>", ""});
    failed_step_keeps_keys("metadata");
  }
  SECTION("the metadata points at a JWKS that fails") {
    rig.endpoints.set(jwks_url, {404, "", ""});
    failed_step_keeps_keys("HTTP 404");
    CHECK(rig.endpoints.urls().back() == jwks_url);
    rig.endpoints.set(jwks_url, unreachable);
    rig.advance_ms(refresh_policy{}.retry_ms);
    failed_step_keeps_keys("JWKS");
  }
  SECTION("the JWKS is not JSON, or has no usable key") {
    rig.endpoints.set(jwks_url, {200, "{\"keys\":[", ""});
    failed_step_keeps_keys("JWKS");
    rig.advance_ms(refresh_policy{}.retry_ms);
    rig.endpoints.serve_jwks({{&test::teams_key::other(), "no-modulus", {"msteams"}, false}});
    failed_step_keeps_keys("no usable");
  }
  SECTION("the fetch function throws") {
    refresher_rig& outer = rig;
    key_refresher throwing(outer.holder, refresh_policy{metadata_url},
                           [](const std::string&) -> fetch_answer { throw std::runtime_error("socket closed"); },
                           [&outer] { return outer.clock_ms.load(); });
    CHECK(throwing.step() == refresh_outcome::failed);
    CHECK(throwing.last_error().find("socket closed") != std::string::npos);
    CHECK(rig.holder.load() == good);
  }
}

TEST_CASE("teams keys: after a failure the refresh is retried, not left for a day", "[teams][keys][refresh]") {
  refresher_rig rig;
  load_first(rig);
  rig.advance_ms(24 * hour_ms);
  rig.endpoints.set(metadata_url, unreachable);
  CHECK(rig.refresher.step() == refresh_outcome::failed);
  const long long retry = refresh_policy{}.retry_ms;
  rig.advance_ms(retry - 1);
  CHECK(rig.refresher.step() == refresh_outcome::idle);
  rig.endpoints.set(metadata_url, {200, test::render_openid_metadata(jwks_url), ""});
  rig.advance_ms(1);
  CHECK(rig.refresher.step() == refresh_outcome::refreshed);
  CHECK(rig.refresher.last_error().empty());
}

TEST_CASE("teams keys: with the metadata host down since start, requests get 503", "[teams][keys][refresh]") {
  refresher_rig rig;
  rig.endpoints.set(metadata_url, unreachable);
  CHECK(rig.refresher.step() == refresh_outcome::failed);
  CHECK(rig.holder.load() == nullptr);
  const auto refused = rig.verify(rig.bearer_now());
  CHECK_FALSE(refused.ok);
  CHECK(refused.status == 503);
  CHECK(refused.code == "no_keys");

  rig.endpoints.set(metadata_url, {200, test::render_openid_metadata(jwks_url), ""});
  rig.advance_ms(refresh_policy{}.retry_ms);
  CHECK(rig.refresher.step() == refresh_outcome::refreshed);
  CHECK(rig.verify(rig.bearer_now()).ok);
}

TEST_CASE("teams keys: keys without n and e are left out of a refreshed set", "[teams][keys][refresh]") {
  refresher_rig rig;
  rig.endpoints.serve_jwks({{&test::teams_key::primary(), kid},
                            {&test::teams_key::other(), "certificate-only", {"msteams"}, false}});
  REQUIRE(rig.refresher.step() == refresh_outcome::refreshed);
  CHECK(rig.holder.load()->size() == 1);
  CHECK(rig.holder.load()->find("certificate-only") == nullptr);
  CHECK(rig.verify(rig.bearer_now()).ok);
  CHECK(rig.verify(rig.bearer_now("certificate-only", test::teams_key::other())).code == "unknown_kid");
}

TEST_CASE("teams keys: the refresher's thread loads keys and wakes on a kid miss", "[teams][keys][refresh]") {
  refresher_rig rig;
  rig.refresher.start();
  rig.refresher.start();  // already running: nothing more
  REQUIRE(test::eventually([&] { return rig.holder.load() != nullptr; }));
  CHECK(rig.endpoints.calls() == 2);

  rig.endpoints.serve_jwks({{&test::teams_key::other(), "kid-new"}});
  rig.advance_ms(hour_ms);
  rig.refresher.request_refresh();
  REQUIRE(test::eventually([&] { return rig.holder.load()->find("kid-new") != nullptr; }));
  CHECK(rig.endpoints.calls() == 4);

  rig.refresher.stop();
  rig.refresher.stop();  // already stopped: nothing more
  rig.advance_ms(24 * hour_ms);
  rig.refresher.request_refresh();
  CHECK(rig.endpoints.calls() == 4);

  rig.refresher.start();  // and it can start again
  REQUIRE(test::eventually([&] { return rig.endpoints.calls() == 6; }));
  // The destructor stops it.
}
