// Bot Framework tokens for tests and benchmarks: our own RSA keys stand in for Microsoft's,
// rendered as the JWKS Microsoft publishes, and tokens signed with them, including the forged
// kinds a verifier must refuse (alg "none", HS256 keyed with the public key, a header alg that
// does not match the signature). Made with OpenSSL alone, so the code under test (libcjose)
// is never its own witness.
//
//   const auto& key = test::teams_key::primary();          // RSA-2048, made once per process
//   std::string jwks = test::render_jwks({{&key, "kid-1"}});
//   std::string token = test::mint_rs256(key, test::rs256_header("kid-1"),
//                                        test::bot_framework_claims("app-id", "https://smba.example/", now));
//   ... "Bearer " + token ...
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::test {

// An RSA key pair (OpenSSL 3 EVP).
class teams_key {
 public:
  explicit teams_key(int bits = 2048);
  ~teams_key();
  teams_key(const teams_key&) = delete;
  teams_key& operator=(const teams_key&) = delete;

  // Made on first use and kept for the process (key generation is the slow part).
  static const teams_key& primary();
  static const teams_key& other();  // unrelated to primary()

  std::string modulus() const;   // n, base64url without padding
  std::string exponent() const;  // e, base64url without padding
  std::string public_pem() const;  // "-----BEGIN PUBLIC KEY-----..." as an attacker would find it
  // RSASSA-PKCS1-v1_5 over `input` with `digest` ("SHA256", "SHA384", ...): raw signature bytes.
  std::string sign(std::string_view input, std::string_view digest = "SHA256") const;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

// One entry of a rendered JWKS.
struct jwks_entry {
  const teams_key* key = nullptr;
  std::string kid;
  std::vector<std::string> endorsements = {"msteams"};  // empty: the member is left out
  bool with_modulus = true;                              // false: a certificate-only entry (x5c, no n/e)
};

nlohmann::json jwk_json(const jwks_entry& entry);
// {"keys":[...]} as login.botframework.com serves it (kty, use, kid, x5t, n, e, x5c, endorsements).
std::string render_jwks(const std::vector<jwks_entry>& entries);
// The OpenID metadata document pointing at `jwks_uri`.
std::string render_openid_metadata(const std::string& jwks_uri,
                                   const std::string& issuer = "https://api.botframework.com");

std::string base64url(std::string_view bytes);

// {"alg":"RS256","kid":kid,"typ":"JWT","x5t":kid}; change or remove members for other cases.
nlohmann::json rs256_header(const std::string& kid);
// Claims of a valid Bot Framework token at `now`: iss, aud, serviceurl, nbf = now - 60,
// exp = now + 3600, iat = now - 60.
nlohmann::json bot_framework_claims(const std::string& app_id, const std::string& service_url, long long now);

// header.claims.signature, signed RS256 with `key` whatever `header` says its alg is.
std::string mint_rs256(const teams_key& key, const nlohmann::json& header, const nlohmann::json& claims);
// The same from raw header and payload text (not necessarily JSON), signed RSASSA-PKCS1-v1_5
// with `digest` ("SHA256" for RS256, "SHA384" for RS384, ...).
std::string mint_rsa_raw(const teams_key& key, std::string_view header, std::string_view payload,
                         std::string_view digest = "SHA256");
// Signed HMAC-SHA256 keyed with the public key's PEM: the classic algorithm-confusion forgery.
// `header` should say "alg":"HS256".
std::string mint_hs256_with_public_key(const teams_key& key, const nlohmann::json& header,
                                       const nlohmann::json& claims);
// header.claims. with an empty signature; `header` should say "alg":"none".
std::string mint_unsigned(const nlohmann::json& header, const nlohmann::json& claims);

}  // namespace commonsbot::test
