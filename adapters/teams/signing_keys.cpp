#include "adapters/teams/signing_keys.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

// Microsoft's documents are a few kilobytes; anything far larger is not one of them.
constexpr std::size_t max_key_document_bytes = 1 << 20;
constexpr std::size_t min_rsa_key_bits = 2048;

// A non-empty string member, or "" when absent or of another type.
std::string string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The endorsements of one JWKS entry; false when they are present but not an array of strings
// (such a key is skipped rather than taken as unrestricted).
bool read_endorsements(const json& entry, std::vector<std::string>& out) {
  const auto it = entry.find("endorsements");
  if (it == entry.end() || it->is_null()) return true;
  if (!it->is_array()) return false;
  for (const auto& channel : *it) {
    if (!channel.is_string()) return false;
    out.push_back(channel.get<std::string>());
  }
  return true;
}

// Imports n and e alone through cjose, so private members a document might carry never reach it.
jwk_ptr import_rsa_public(const std::string& kid, const std::string& n, const std::string& e) {
  const std::string text = json{{"kty", "RSA"}, {"kid", kid}, {"n", n}, {"e", e}}.dump();
  cjose_err err{};
  jwk_ptr jwk(cjose_jwk_import(text.data(), text.size(), &err));
  if (!jwk || cjose_jwk_get_kty(jwk.get(), &err) != CJOSE_JWK_KTY_RSA ||
      cjose_jwk_get_keysize(jwk.get(), &err) < min_rsa_key_bits)
    return nullptr;
  return jwk;
}

std::optional<signing_key> read_jwks_entry(const json& entry) {
  if (!entry.is_object()) return std::nullopt;
  signing_key key;
  key.kid = string_member(entry, "kid");
  const std::string n = string_member(entry, "n");
  const std::string e = string_member(entry, "e");
  if (string_member(entry, "kty") != "RSA" || key.kid.empty() || n.empty() || e.empty()) return std::nullopt;
  if (entry.contains("use") && string_member(entry, "use") != "sig") return std::nullopt;
  if (entry.contains("alg") && string_member(entry, "alg") != "RS256") return std::nullopt;
  if (!read_endorsements(entry, key.endorsements)) return std::nullopt;
  key.jwk = import_rsa_public(key.kid, n, e);
  if (!key.jwk) return std::nullopt;
  return key;
}

}  // namespace

metadata_result parse_openid_metadata(std::string_view body, std::string_view metadata_url) {
  metadata_result out;
  if (body.size() > max_key_document_bytes) {
    out.error = "the OpenID metadata document is too large";
    return out;
  }
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    out.error = "the OpenID metadata document is not a JSON object";
    return out;
  }
  openid_metadata metadata;
  metadata.issuer = string_member(doc, "issuer");
  metadata.jwks_uri = string_member(doc, "jwks_uri");
  const bool https = metadata.jwks_uri.starts_with("https://") && metadata.jwks_uri.size() > 8;
  const bool plain_http_allowed = metadata_url.starts_with("http://");
  const bool http = metadata.jwks_uri.starts_with("http://") && metadata.jwks_uri.size() > 7;
  if (!https && !(http && plain_http_allowed)) {
    out.error = "the OpenID metadata has no usable jwks_uri (an https URL is required)";
    return out;
  }
  if (const auto algs = doc.find("id_token_signing_alg_values_supported"); algs != doc.end()) {
    if (!algs->is_array()) {
      out.error = "id_token_signing_alg_values_supported in the OpenID metadata is not an array";
      return out;
    }
    for (const auto& alg : *algs)
      if (alg.is_string()) metadata.signing_algs.push_back(alg.get<std::string>());
    if (std::find(metadata.signing_algs.begin(), metadata.signing_algs.end(), "RS256") == metadata.signing_algs.end()) {
      out.error = "the OpenID metadata does not offer RS256 signing";
      return out;
    }
  }
  out.metadata = std::move(metadata);
  return out;
}

key_set::key_set(std::vector<signing_key> keys, long long loaded_at_ms) : loaded_at_ms_(loaded_at_ms) {
  for (auto& key : keys) {
    std::string kid = key.kid;
    keys_.emplace(std::move(kid), std::move(key));  // the first of a repeated kid stays
  }
}

const signing_key* key_set::find(std::string_view kid) const {
  const auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

jwks_result parse_jwks(std::string_view body, long long loaded_at_ms) {
  jwks_result out;
  if (body.size() > max_key_document_bytes) {
    out.error = "the JWKS document is too large";
    return out;
  }
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  const auto entries = doc.is_object() ? doc.find("keys") : doc.end();
  if (!doc.is_object() || entries == doc.end() || !entries->is_array()) {
    out.error = "the JWKS document is not a JSON object with a \"keys\" array";
    return out;
  }
  std::vector<signing_key> keys;
  for (const auto& entry : *entries) {
    auto key = read_jwks_entry(entry);
    const bool repeated =
        key && std::any_of(keys.begin(), keys.end(), [&](const signing_key& k) { return k.kid == key->kid; });
    if (!key || repeated) {
      ++out.skipped;
      continue;
    }
    keys.push_back(std::move(*key));
  }
  if (keys.empty()) {
    out.error = "the JWKS document has no usable RS256 signing key";
    return out;
  }
  out.keys = std::make_shared<const key_set>(std::move(keys), loaded_at_ms);
  return out;
}

}  // namespace commonsbot::adapters::teams
