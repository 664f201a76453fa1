#include "adapters/teams/token_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

constexpr std::string_view bearer_scheme = "Bearer";
constexpr std::string_view allowed_alg = "RS256";
// NumericDate values beyond this (about year 33658) are taken as this, so the arithmetic
// below cannot overflow whatever a token says.
constexpr long long max_numeric_date = 1'000'000'000'000LL;

token_result refuse(int status, std::string code, std::string message) {
  token_result out;
  out.status = status;
  out.code = std::move(code);
  out.message = std::move(message);
  return out;
}

token_result refuse_401(std::string code, std::string message) {
  return refuse(401, std::move(code), std::move(message));
}

// A JSON number as whole seconds (fractions dropped, clamped); false for any other type.
bool numeric_date(const json& value, long long& out) {
  if (value.is_number_unsigned()) {  // before is_number_integer, which is true of unsigned too
    out = static_cast<long long>(std::min<unsigned long long>(value.get<unsigned long long>(), max_numeric_date));
  } else if (value.is_number_integer()) {
    out = std::clamp(value.get<long long>(), -max_numeric_date, max_numeric_date);
  } else if (value.is_number_float()) {
    const double seconds = std::floor(value.get<double>());
    out = static_cast<long long>(std::clamp(seconds, -double(max_numeric_date), double(max_numeric_date)));
  } else {
    return false;
  }
  return true;
}

bool audience_matches(const json& aud, const std::string& app_id) {
  if (aud.is_string()) return aud.get_ref<const std::string&>() == app_id;
  if (!aud.is_array()) return false;
  return std::any_of(aud.begin(), aud.end(),
                     [&](const json& one) { return one.is_string() && one.get_ref<const std::string&>() == app_id; });
}

// The token out of "Bearer <token>": exactly two parts, one space apart; "" when it is not so.
std::string_view bearer_token(std::string_view header) {
  const auto space = header.find(' ');
  if (space == std::string_view::npos) return {};
  const std::string_view scheme = header.substr(0, space);
  const std::string_view token = header.substr(space + 1);
  if (scheme != bearer_scheme || token.empty() || token.find(' ') != std::string_view::npos) return {};
  return token;
}

struct header_fields {
  bool readable = false;  // base64url of a JSON object
  std::string alg;        // "" when absent or not a string
  std::string kid;
  bool has_crit = false;
};

header_fields read_header(std::string_view encoded) {
  header_fields out;
  std::uint8_t* raw = nullptr;
  std::size_t raw_len = 0;
  cjose_err err{};
  if (!cjose_base64url_decode(encoded.data(), encoded.size(), &raw, &raw_len, &err)) return out;
  const cjose_buffer decoded(raw);
  if (!decoded) return out;
  const json header = json::parse(decoded.get(), decoded.get() + raw_len, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return out;
  out.readable = true;
  if (const auto alg = header.find("alg"); alg != header.end() && alg->is_string()) out.alg = alg->get<std::string>();
  if (const auto kid = header.find("kid"); kid != header.end() && kid->is_string()) out.kid = kid->get<std::string>();
  out.has_crit = header.contains("crit");
  return out;
}

// The claims of a token whose signature has been verified: iss, aud, exp and nbf.
token_result check_claims(const json& claims, const token_rules& rules, token_result verified) {
  const auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() || iss->get_ref<const std::string&>() != rules.issuer)
    return refuse_401("wrong_issuer", "the token was not issued by the Bot Framework");
  const auto aud = claims.find("aud");
  if (aud == claims.end() || !audience_matches(*aud, rules.app_id))
    return refuse_401("wrong_audience", "the token was issued for another app");

  const auto exp = claims.find("exp");
  if (exp == claims.end()) return refuse_401("missing_exp", "the token has no expiry (exp)");
  long long expires_at = 0;
  if (!numeric_date(*exp, expires_at)) return refuse_401("bad_token", "the token's exp is not a number");
  if (rules.now - rules.skew_seconds >= expires_at) return refuse_401("expired", "the token has expired");
  long long not_before = 0;
  if (const auto nbf = claims.find("nbf"); nbf != claims.end()) {
    if (!numeric_date(*nbf, not_before)) return refuse_401("bad_token", "the token's nbf is not a number");
    if (not_before > rules.now + rules.skew_seconds) return refuse_401("not_yet_valid", "the token is not valid yet");
  }

  verified.claims.issuer = rules.issuer;
  verified.claims.audience = rules.app_id;
  verified.claims.expires_at = expires_at;
  verified.claims.not_before = not_before;
  if (const auto url = claims.find("serviceurl"); url != claims.end() && url->is_string())
    verified.claims.service_url = url->get<std::string>();
  verified.ok = true;
  verified.status = 200;
  return verified;
}

}  // namespace

token_result verify_token(std::string_view authorization, const key_set* keys, const token_rules& rules) {
  if (rules.app_id.empty()) return refuse_401("not_configured", "no Microsoft app id is configured for Teams");
  if (authorization.empty())
    return refuse_401("missing_token", "an Authorization header with a Bearer token is required");
  const std::string_view token = bearer_token(authorization);
  if (token.empty()) return refuse_401("bad_header", "the Authorization header must be \"Bearer <token>\"");
  if (token.size() > max_token_bytes) return refuse_401("bad_token", "the token is too long");
  if (std::count(token.begin(), token.end(), '.') != 2)
    return refuse_401("bad_token", "the token is not a compact JWS (three base64url parts)");

  // The header is read before cjose sees the token: cjose would verify with whatever
  // algorithm it names, so only RS256 goes on, and "none", HMAC (keyed with our public key)
  // and the rest stop here, before any cryptography.
  const header_fields header = read_header(token.substr(0, token.find('.')));
  if (!header.readable)
    return refuse_401("bad_token", "the token's header is not base64url-encoded JSON");
  if (header.alg != allowed_alg) return refuse_401("alg_not_allowed", "only RS256 tokens are accepted");
  if (header.has_crit)
    return refuse_401("bad_token", "the token names critical header extensions, which are not supported");

  cjose_err err{};
  const jws_ptr jws(cjose_jws_import(token.data(), token.size(), &err));
  if (!jws)
    return refuse_401("bad_token", "the token is not a compact JWS (base64url JSON header, payload, signature)");
  // The header cjose will dispatch on is the one read above; checked again all the same.
  cjose_header_t* protected_header = cjose_jws_get_protected(jws.get());  // owned by the JWS
  const char* cjose_alg = protected_header ? cjose_header_get(protected_header, CJOSE_HDR_ALG, &err) : nullptr;
  if (!cjose_alg || allowed_alg != cjose_alg) return refuse_401("alg_not_allowed", "only RS256 tokens are accepted");

  if (!keys || keys->empty())
    return refuse(503, "no_keys", "the Bot Framework signing keys have not been loaded yet");
  if (header.kid.empty()) return refuse_401("missing_kid", "the token does not name its signing key (kid)");
  const signing_key* key = keys->find(header.kid);
  if (!key) return refuse_401("unknown_kid", "the token names a signing key that is not among the current keys");

  if (!cjose_jws_verify(jws.get(), key->jwk.get(), &err))
    return refuse_401("bad_signature", "the token's signature does not verify");
  std::uint8_t* payload = nullptr;  // owned by the JWS
  std::size_t payload_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &payload, &payload_len, &err) || !payload)
    return refuse_401("bad_token", "the token has no payload");
  const json claims = json::parse(payload, payload + payload_len, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return refuse_401("bad_token", "the token's claims are not a JSON object");

  token_result verified;
  verified.claims.kid = key->kid;
  verified.claims.endorsements = key->endorsements;
  return check_claims(claims, rules, std::move(verified));
}

verification check_activity(const token_result& token, std::string_view channel_id, std::string_view service_url) {
  if (!token.ok) return token.as_verification();
  const auto& endorsed = token.claims.endorsements;
  if (!endorsed.empty() && std::find(endorsed.begin(), endorsed.end(), channel_id) == endorsed.end())
    return verification::fail(403, "channel_not_endorsed",
                              "the signing key is not endorsed for the activity's channel");
  if (token.claims.service_url.empty())
    return verification::fail(403, "service_url_mismatch", "the token carries no serviceurl claim");
  if (service_url != token.claims.service_url)
    return verification::fail(403, "service_url_mismatch", "the activity's serviceUrl is not the token's serviceurl");
  return verification::pass();
}

}  // namespace commonsbot::adapters::teams
