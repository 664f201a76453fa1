// Installations' tokens sealed at rest through sealed_records over the store: the store holds
// only ciphertext, the adapter reads plain tokens, a value copied to another record reads as
// empty, legacy plain-text records read and are sealed by reseal_all, as are those sealed under
// a previous key.
#include "adapters/sealed_records.hpp"
#include "adapters/slack/installations.hpp"
#include "app/platform_records.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using nlohmann::json;

namespace {

adapters::sealed_records sealed_over(adapters::platform_records& inner, char key, std::vector<std::string> previous = {}) {
  return adapters::sealed_records(inner, adapters::token_cipher(std::string(32, key), std::move(previous)),
                                  {adapters::slack::installation_secrets()});
}

adapters::slack::installation sealed_test_install(const std::string& team, const std::string& token) {
  adapters::slack::installation i;
  i.team_id = team;
  i.team_name = "Kowhai School";
  i.bot_token = token;
  i.refresh_token = token + "-refresh";
  i.expires_at_ms = 1000;
  return i;
}

std::string stored_field(const test::memory_store& db, const std::string& key, const char* field) {
  auto v = db.get("slack_installations", key);
  return v ? v->value(field, "") : "";
}

// Straight into the store, past the sealing: what an older build or an attacker would write.
void put_unsealed(adapters::platform_records& raw, const std::string& key, const json& value) {
  adapters::record_changes changes;
  changes.put("slack_installations", key, value);
  REQUIRE(raw.commit(std::move(changes)).empty());
}

}  // namespace

TEST_CASE("sealed records: the store holds ciphertext, the adapter reads the token", "[adapters][secrets]") {
  test::memory_store db;
  app::store_platform_records raw(db, "slack");
  auto sealed = sealed_over(raw, 'k');
  adapters::record_changes changes;
  changes.put("slack_installations", "-:T1", sealed_test_install("T1", "xoxb-sealed-one"));
  REQUIRE(sealed.commit(std::move(changes)).empty());

  CHECK(stored_field(db, "-:T1", "bot_token").starts_with("enc:v1:"));
  CHECK(stored_field(db, "-:T1", "refresh_token").starts_with("enc:v1:"));
  CHECK(stored_field(db, "-:T1", "team_id") == "T1");  // the rest stays readable for the pipeline
  CHECK(db.get("slack_installations", "-:T1")->dump().find("xoxb-sealed-one") == std::string::npos);
  CHECK(adapters::slack::installations(sealed).token_for("T1") == "xoxb-sealed-one");
  CHECK(adapters::slack::installations(sealed).all().at(0).refresh_token == "xoxb-sealed-one-refresh");
  // Without the key (or with another) nothing opens.
  auto wrong = sealed_over(raw, 'w');
  CHECK(adapters::slack::installations(wrong).token_for("T1").empty());
}

TEST_CASE("sealed records: a sealed token copied into another record does not open there", "[adapters][secrets]") {
  test::memory_store db;
  app::store_platform_records raw(db, "slack");
  auto sealed = sealed_over(raw, 'k');
  adapters::record_changes changes;
  changes.put("slack_installations", "-:T1", sealed_test_install("T1", "xoxb-victim"));
  changes.put("slack_installations", "-:T2", sealed_test_install("T2", "xoxb-other"));
  REQUIRE(sealed.commit(std::move(changes)).empty());
  auto moved = *db.get("slack_installations", "-:T2");
  moved["bot_token"] = stored_field(db, "-:T1", "bot_token");
  put_unsealed(raw, "-:T2", moved);
  CHECK(adapters::slack::installations(sealed).token_for("T2").empty());
  CHECK(adapters::slack::installations(sealed).token_for("T1") == "xoxb-victim");
}

TEST_CASE("sealed records: a plain-text record from before sealing reads, then is sealed", "[adapters][secrets]") {
  test::memory_store db;
  app::store_platform_records raw(db, "slack");
  put_unsealed(raw, "-:T1", json(sealed_test_install("T1", "xoxb-legacy-plain")));
  auto sealed = sealed_over(raw, 'k');
  CHECK(adapters::slack::installations(sealed).token_for("T1") == "xoxb-legacy-plain");
  std::size_t resealed = 0;
  REQUIRE(sealed.reseal_all(resealed).empty());
  CHECK(resealed == 1);
  CHECK(db.get("slack_installations", "-:T1")->dump().find("xoxb-legacy-plain") == std::string::npos);
  CHECK(adapters::slack::installations(sealed).token_for("T1") == "xoxb-legacy-plain");
  REQUIRE(sealed.reseal_all(resealed).empty());
  CHECK(resealed == 0);  // nothing left to do
}

TEST_CASE("sealed records: after a key rotation the previous key opens and reseal_all moves to the new", "[adapters][secrets]") {
  test::memory_store db;
  app::store_platform_records raw(db, "slack");
  {
    auto before = sealed_over(raw, 'o');
    adapters::record_changes changes;
    changes.put("slack_installations", "-:T1", sealed_test_install("T1", "xoxb-rotated-key"));
    REQUIRE(before.commit(std::move(changes)).empty());
  }
  const auto old_text = stored_field(db, "-:T1", "bot_token");
  auto after = sealed_over(raw, 'n', {std::string(32, 'o')});
  CHECK(adapters::slack::installations(after).token_for("T1") == "xoxb-rotated-key");
  std::size_t resealed = 0;
  REQUIRE(after.reseal_all(resealed).empty());
  CHECK(resealed == 1);
  CHECK(stored_field(db, "-:T1", "bot_token") != old_text);
  auto new_only = sealed_over(raw, 'n');  // the previous key can now be dropped
  CHECK(adapters::slack::installations(new_only).token_for("T1") == "xoxb-rotated-key");
  // A record no configured key opens is left alone, not wiped.
  put_unsealed(raw, "-:T9", json::parse(R"({"team_id":"T9","bot_token":"enc:v1:00000000:AAAA"})"));
  REQUIRE(new_only.reseal_all(resealed).empty());
  CHECK(stored_field(db, "-:T9", "bot_token") == "enc:v1:00000000:AAAA");
}
