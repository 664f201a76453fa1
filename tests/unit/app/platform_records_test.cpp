// The view of the store a platform adapter gets: its own collections only, all or nothing.
#include "app/platform_records.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;

TEST_CASE("platform records read and write the platform's own collections", "[app][records]") {
  test::memory_store db;
  app::store_platform_records slack(db, "slack");
  adapters::record_changes changes;
  changes.put("slack_installations", "-:T1", {{"team_id", "T1"}});
  changes.put("slack_oauth_states", "abc", {{"issued_ms", 1}});
  REQUIRE(slack.commit(std::move(changes)).empty());
  CHECK(slack.get("slack_installations", "-:T1")->at("team_id") == "T1");
  CHECK(slack.scan("slack_oauth_states").size() == 1);

  adapters::record_changes erase;
  erase.erase("slack_oauth_states", "abc");
  REQUIRE(slack.commit(std::move(erase)).empty());
  CHECK(db.count("slack_oauth_states") == 0);
}

TEST_CASE("platform records refuse every other collection and write nothing", "[app][records]") {
  test::memory_store db;
  store::transaction seed;
  seed.put("people", "k1:slack:U1", {{"display_name", "Aroha"}});
  seed.put("teams_conversations", "c1", {{"id", "c1"}});
  REQUIRE(db.commit(std::move(seed)));
  app::store_platform_records slack(db, "slack");

  CHECK_FALSE(slack.get("people", "k1:slack:U1"));
  CHECK(slack.scan("people").empty());
  CHECK(slack.scan("teams_conversations").empty());  // another platform's records
  CHECK_FALSE(slack.get("slack_", "x"));              // the bare prefix is no collection

  adapters::record_changes mixed;
  mixed.put("slack_installations", "-:T1", {{"team_id", "T1"}});
  mixed.erase("people", "k1:slack:U1");
  const std::string error = slack.commit(std::move(mixed));
  CHECK(error.find("people") != std::string::npos);
  CHECK(db.count("slack_installations") == 0);  // refused whole
  CHECK(db.get("people", "k1:slack:U1"));
}
