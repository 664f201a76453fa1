// Tokens at rest: the AES-256-GCM seal round trips, binds the record it was sealed for, fails
// on a wrong key or any change, opens with a previous key, and passes legacy plain text.
#include "adapters/token_cipher.hpp"

#include <catch2/catch.hpp>

using commonsbot::adapters::decode_token_key;
using commonsbot::adapters::token_cipher;

namespace {

std::string cipher_test_key(char fill) { return std::string(32, fill); }

}  // namespace

TEST_CASE("token cipher: round trip, a fresh nonce each time, versioned text", "[adapters][secrets]") {
  token_cipher c(cipher_test_key('a'));
  const auto sealed = c.seal("xoxb-round-trip", "slack_installations/-:T1");
  CHECK(sealed.starts_with("enc:v1:" + c.key_id() + ":"));
  CHECK(sealed.find("xoxb") == std::string::npos);
  CHECK(c.open(sealed, "slack_installations/-:T1") == std::optional<std::string>("xoxb-round-trip"));
  CHECK(c.seal("xoxb-round-trip", "slack_installations/-:T1") != sealed);  // random nonce
  CHECK(c.open(c.seal("", "ctx"), "ctx") == std::optional<std::string>(""));
  CHECK_FALSE(c.stale(sealed));
}

TEST_CASE("token cipher: a wrong key, another record or any change fails to open", "[adapters][secrets]") {
  token_cipher c(cipher_test_key('a'));
  const auto sealed = c.seal("xoxb-bound", "slack_installations/-:T1");
  // Another key with the same id written in: the tag check still refuses it.
  token_cipher other(cipher_test_key('b'));
  std::string relabelled = sealed;
  relabelled.replace(7, c.key_id().size(), other.key_id());
  CHECK_FALSE(other.open(relabelled, "slack_installations/-:T1"));
  CHECK_FALSE(other.open(sealed, "slack_installations/-:T1"));  // unknown key id
  // Moved to another record.
  CHECK_FALSE(c.open(sealed, "slack_installations/-:T2"));
  // Each character of the nonce, ciphertext and tag changed in turn (the top bit of its six,
  // which every base64 character uses).
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::size_t body = sealed.rfind(':') + 1;
  for (std::size_t i = body; i < sealed.size() && sealed[i] != '='; ++i) {
    std::string tampered = sealed;
    tampered[i] = alphabet[alphabet.find(sealed[i]) ^ 32];
    INFO(i);
    CHECK_FALSE(c.open(tampered, "slack_installations/-:T1"));
  }
  CHECK_FALSE(c.open(sealed.substr(0, sealed.size() - 4), "slack_installations/-:T1"));  // cut short
  CHECK_FALSE(c.open("enc:v1:" + c.key_id() + ":not base64!", "slack_installations/-:T1"));
  CHECK_FALSE(c.open("enc:v2:whatever", "slack_installations/-:T1"));  // a newer format
}

TEST_CASE("token cipher: previous keys open, the current key seals", "[adapters][secrets]") {
  token_cipher old_key(cipher_test_key('o'));
  const auto sealed_before = old_key.seal("xoxb-before-rotation", "c/k");
  token_cipher rotated(cipher_test_key('n'), {cipher_test_key('o')});
  CHECK(rotated.open(sealed_before, "c/k") == std::optional<std::string>("xoxb-before-rotation"));
  CHECK(rotated.stale(sealed_before));
  const auto resealed = rotated.seal("xoxb-before-rotation", "c/k");
  CHECK_FALSE(rotated.stale(resealed));
  CHECK_FALSE(old_key.open(resealed, "c/k"));  // sealed with the new key, not the old one
}

TEST_CASE("token cipher: legacy plain text reads as it is and is stale", "[adapters][secrets]") {
  token_cipher c(cipher_test_key('a'));
  CHECK(c.open("xoxb-from-before-sealing", "c/k") == std::optional<std::string>("xoxb-from-before-sealing"));
  CHECK(c.stale("xoxb-from-before-sealing"));
}

TEST_CASE("token cipher: keys are base64 of exactly 32 bytes", "[adapters][secrets]") {
  CHECK(decode_token_key("YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=") == std::optional<std::string>(cipher_test_key('a')));
  CHECK_FALSE(decode_token_key("YWFhYQ=="));                                      // 4 bytes
  CHECK_FALSE(decode_token_key("YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh"));  // 33 bytes
  CHECK_FALSE(decode_token_key("not a key at all, not even close to one!!!!="));
  CHECK_FALSE(decode_token_key(""));
}
