// Microsoft's signing keys for Bot Framework tokens. The OpenID metadata document names a JWKS
// URL; the JWKS holds RSA public keys, each with the channels that endorse it. A key_set is
// built once from one JWKS and never changes, so request threads share it without locks; a
// key_holder hands out the current one, and the key_refresher (key_refresher.hpp) replaces it.
#pragma once

#include "adapters/teams/cjose_handles.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::teams {

inline constexpr std::string_view default_openid_metadata_url =
    "https://login.botframework.com/v1/.well-known/openidconfiguration";

struct openid_metadata {
  std::string issuer;                     // informative: tokens are checked against token_rules
  std::string jwks_uri;                   // where the keys are
  std::vector<std::string> signing_algs;  // id_token_signing_alg_values_supported
};

struct metadata_result {
  std::optional<openid_metadata> metadata;
  std::string error;  // why there is none
};

// Parses the metadata document fetched from `metadata_url`. Refused unless it is a JSON object
// whose jwks_uri is an https URL (http only when the metadata itself came over http, as from a
// loopback fake, so a document can never downgrade the transport) and whose
// id_token_signing_alg_values_supported, when present, offers RS256.
metadata_result parse_openid_metadata(std::string_view body, std::string_view metadata_url);

struct signing_key {
  std::string kid;
  jwk_ptr jwk;                            // an RSA public key: n and e only, never more
  std::vector<std::string> endorsements;  // channel ids; empty means the key is not restricted
};

// An immutable set of keys, found by kid.
class key_set {
 public:
  key_set(std::vector<signing_key> keys, long long loaded_at_ms);
  key_set(const key_set&) = delete;
  key_set& operator=(const key_set&) = delete;

  const signing_key* find(std::string_view kid) const;  // nullptr when unknown
  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  long long loaded_at_ms() const { return loaded_at_ms_; }

 private:
  std::map<std::string, signing_key, std::less<>> keys_;
  long long loaded_at_ms_;
};

struct jwks_result {
  std::shared_ptr<const key_set> keys;  // null when the document gave no usable key
  std::size_t skipped = 0;              // entries left out (see parse_jwks)
  std::string error;                    // why `keys` is null
};

// Parses {"keys":[...]}. An entry is used only if it is an RSA key ("kty":"RSA") with a kid
// and non-empty n and e, "use" absent or "sig", "alg" absent or RS256, endorsements absent or
// an array of strings, and cjose imports it as a key of at least 2048 bits; any other entry is
// skipped (EC keys, certificates without n/e, a repeated kid after its first). No usable key
// at all is an error, so a broken document never replaces a good set.
jwks_result parse_jwks(std::string_view body, long long loaded_at_ms);

// The current key set, shared by request threads (load) and the refresher (replace). Readers
// take a reference-counted snapshot and never wait on a refresh; a replaced set lives on
// until its last reader lets it go.
class key_holder {
 public:
  std::shared_ptr<const key_set> load() const { return current_.load(std::memory_order_acquire); }
  void replace(std::shared_ptr<const key_set> keys) { current_.store(std::move(keys), std::memory_order_release); }

 private:
  std::atomic<std::shared_ptr<const key_set>> current_;
};

}  // namespace commonsbot::adapters::teams
