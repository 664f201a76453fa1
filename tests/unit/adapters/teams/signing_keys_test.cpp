// Microsoft's OpenID metadata and JWKS documents: what is taken from them, what is skipped,
// and the holder request threads read keys from.
#include "teams_support.hpp"

#include <catch2/catch.hpp>

using namespace teams_test;
using nlohmann::json;

namespace {

json metadata_doc() { return json::parse(test::render_openid_metadata(jwks_url)); }

json rsa_entry(const std::string& key_id, const test::teams_key& key = test::teams_key::primary()) {
  return test::jwk_json({&key, key_id});
}

jwks_result parse_entries(const json& entries) { return parse_jwks(json{{"keys", entries}}.dump(), 0); }

}  // namespace

TEST_CASE("teams keys: Microsoft's OpenID metadata names the JWKS", "[teams][keys]") {
  const auto parsed = parse_openid_metadata(metadata_doc().dump(), metadata_url);
  INFO(parsed.error);
  REQUIRE(parsed.metadata);
  CHECK(parsed.error.empty());
  CHECK(parsed.metadata->jwks_uri == jwks_url);
  CHECK(parsed.metadata->issuer == "https://api.botframework.com");
  CHECK(parsed.metadata->signing_algs == std::vector<std::string>{"RS256"});

  json without_algs = metadata_doc();
  without_algs.erase("id_token_signing_alg_values_supported");
  CHECK(parse_openid_metadata(without_algs.dump(), metadata_url).metadata);
}

TEST_CASE("teams keys: malformed OpenID metadata is refused with a reason", "[teams][keys]") {
  const auto refused = [](const std::string& body, const std::string& from = metadata_url) {
    const auto parsed = parse_openid_metadata(body, from);
    INFO(body);
    CHECK_FALSE(parsed.metadata);
    CHECK_FALSE(parsed.error.empty());
  };
  refused("");
  refused("<html>502 Bad Gateway</html>");
  refused("[]");
  refused(R"({"issuer":"https://api.botframework.com"})");
  json doc = metadata_doc();
  doc["jwks_uri"] = 42;
  refused(doc.dump());
  doc["jwks_uri"] = "https://";
  refused(doc.dump());
  doc["jwks_uri"] = "ftp://login.botframework.com/keys";
  refused(doc.dump());
  doc["jwks_uri"] = "http://login.botframework.com/v1/.well-known/keys";  // a downgrade from https
  refused(doc.dump());
  doc = metadata_doc();
  doc["id_token_signing_alg_values_supported"] = json::array({"HS256", "none"});
  refused(doc.dump());
  doc["id_token_signing_alg_values_supported"] = "RS256";
  refused(doc.dump());
}

TEST_CASE("teams keys: plain http is allowed only when the metadata itself came over http", "[teams][keys]") {
  json doc = metadata_doc();
  doc["jwks_uri"] = "http://127.0.0.1:8080/keys";
  CHECK(parse_openid_metadata(doc.dump(), "http://127.0.0.1:8080/openid").metadata);
  CHECK_FALSE(parse_openid_metadata(doc.dump(), metadata_url).metadata);
}

TEST_CASE("teams keys: a JWKS gives RSA keys by kid with their endorsements", "[teams][keys]") {
  const auto parsed =
      parse_jwks(test::render_jwks({{&test::teams_key::primary(), "kid-a", {"msteams", "skype"}},
                                    {&test::teams_key::other(), "kid-b", {}}}),
                 1234);
  INFO(parsed.error);
  REQUIRE(parsed.keys);
  CHECK(parsed.skipped == 0);
  CHECK(parsed.keys->size() == 2);
  CHECK(parsed.keys->loaded_at_ms() == 1234);
  const signing_key* a = parsed.keys->find("kid-a");
  REQUIRE(a);
  CHECK(a->kid == "kid-a");
  CHECK(a->endorsements == std::vector<std::string>{"msteams", "skype"});
  cjose_err err{};
  CHECK(cjose_jwk_get_kty(a->jwk.get(), &err) == CJOSE_JWK_KTY_RSA);
  CHECK(cjose_jwk_get_keysize(a->jwk.get(), &err) == 2048);
  const signing_key* b = parsed.keys->find("kid-b");
  REQUIRE(b);
  CHECK(b->endorsements.empty());
  CHECK(parsed.keys->find("kid-c") == nullptr);
  CHECK(parsed.keys->find("") == nullptr);
}

TEST_CASE("teams keys: JWKS entries that are not usable RS256 signing keys are skipped", "[teams][keys]") {
  json entries = json::array({rsa_entry("good")});

  entries.push_back(test::jwk_json({&test::teams_key::other(), "certificate-only", {"msteams"}, false}));
  json no_e = rsa_entry("no-e");
  no_e.erase("e");
  entries.push_back(no_e);
  json empty_n = rsa_entry("empty-n");
  empty_n["n"] = "";
  entries.push_back(empty_n);
  json ec = rsa_entry("ec");
  ec["kty"] = "EC";
  entries.push_back(ec);
  json encryption = rsa_entry("encryption");
  encryption["use"] = "enc";
  entries.push_back(encryption);
  json rs384 = rsa_entry("rs384");
  rs384["alg"] = "RS384";
  entries.push_back(rs384);
  json no_kid = rsa_entry("");
  no_kid.erase("kid");
  entries.push_back(no_kid);
  json bad_endorsements = rsa_entry("bad-endorsements");
  bad_endorsements["endorsements"] = "msteams";
  entries.push_back(bad_endorsements);
  json mixed_endorsements = rsa_entry("mixed-endorsements");
  mixed_endorsements["endorsements"] = json::array({"msteams", 1});
  entries.push_back(mixed_endorsements);
  json garbage_n = rsa_entry("garbage-n");
  garbage_n["n"] = "!!not base64url!!";
  entries.push_back(garbage_n);
  const test::teams_key small_key(1024);
  entries.push_back(rsa_entry("rsa-1024", small_key));
  entries.push_back("not an object");
  entries.push_back(rsa_entry("good", test::teams_key::other()));  // a repeated kid: the first stays

  const auto parsed = parse_entries(entries);
  INFO(parsed.error);
  REQUIRE(parsed.keys);
  CHECK(parsed.keys->size() == 1);
  CHECK(parsed.skipped == entries.size() - 1);
  REQUIRE(parsed.keys->find("good"));

  // The first "good" is the primary key: a token it signed verifies.
  const auto claims = test::bot_framework_claims(app_id, service_url, now_s);
  const auto token = bearer(test::mint_rs256(test::teams_key::primary(), test::rs256_header("good"), claims));
  CHECK(verify_token(token, parsed.keys.get(), rules_at()).ok);

  json explicit_ok = rsa_entry("explicit");
  explicit_ok["alg"] = "RS256";
  explicit_ok["endorsements"] = nullptr;
  explicit_ok.erase("use");
  CHECK(parse_entries(json::array({explicit_ok})).keys);
}

TEST_CASE("teams keys: a JWKS with no usable key is refused with a reason", "[teams][keys]") {
  const auto refused = [](const std::string& body) {
    const auto parsed = parse_jwks(body, 0);
    INFO(body);
    CHECK_FALSE(parsed.keys);
    CHECK_FALSE(parsed.error.empty());
  };
  refused("");
  refused("not json");
  refused("[]");
  refused(R"({"keys":{}})");
  refused(R"({"keys":[]})");
  refused(R"({"Keys":[]})");
  refused(test::render_jwks({{&test::teams_key::primary(), kid, {"msteams"}, false}}));
  refused(std::string(2 << 20, ' ') + test::render_jwks({{&test::teams_key::primary(), kid}}));
}

TEST_CASE("teams keys: the holder hands out snapshots that outlive a replacement", "[teams][keys]") {
  key_holder holder;
  CHECK(holder.load() == nullptr);
  const auto first = primary_keys();
  holder.replace(first);
  const auto reader = holder.load();
  CHECK(reader == first);

  auto second = parse_jwks(test::render_jwks({{&test::teams_key::other(), "kid-2"}}), 5).keys;
  REQUIRE(second);
  holder.replace(second);
  CHECK(holder.load() == second);
  // The reader's snapshot is unchanged and still usable.
  REQUIRE(reader->find(kid));
  CHECK(verify_token(bearer_with(valid_claims()), reader.get(), rules_at()).ok);
  CHECK(verify_token(bearer_with(valid_claims()), holder.load().get(), rules_at()).code == "unknown_kid");
}
