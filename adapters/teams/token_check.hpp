// Inbound authentication of Bot Framework (Teams) requests: "Authorization: Bearer <JWT>",
// RS256 only, signed by one of Microsoft's current keys (chosen by the header's kid), issued
// by api.botframework.com for our app id, within its validity window give or take the skew.
//
// Two steps, because the activity is only worth parsing once the token is known to be good:
//   auto token = verify_token(authorization, holder.load().get(), rules);  // 401, 503
//   ... parse the activity's channelId and serviceUrl ...
//   auto bound = check_activity(token, channel_id, service_url);            // 403
//
// Pure: no I/O, no clock (rules.now), no logging; safe on any thread with a shared key_set.
// Messages say what was wrong and never echo the token or any part of it.
#pragma once

#include "adapters/adapter.hpp"
#include "adapters/teams/signing_keys.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::teams {

inline constexpr std::string_view bot_framework_issuer = "https://api.botframework.com";
inline constexpr long long default_token_skew_seconds = 300;
// Microsoft's tokens are under 2 KB; a header far larger than that is refused unread.
inline constexpr std::size_t max_token_bytes = 16 * 1024;

struct token_rules {
  std::string app_id;  // the audience: our Microsoft app id
  std::string issuer = std::string(bot_framework_issuer);
  long long skew_seconds = default_token_skew_seconds;
  long long now = 0;  // seconds since the Unix epoch, from the caller's clock
};

// What a verified token says; filled only when the token verifies.
struct token_claims {
  std::string kid;                        // the key that signed it
  std::vector<std::string> endorsements;  // that key's channels (empty: unrestricted)
  std::string issuer;
  std::string audience;     // our app id, as matched
  std::string service_url;  // the "serviceurl" claim; check_activity compares it to the body
  long long expires_at = 0;
  long long not_before = 0;  // 0 when the token has no nbf
};

// Codes: not_configured (no app id), missing_token, bad_header (not "Bearer <token>"),
// bad_token (not a compact JWS, bad base64url or JSON, a crit header, claims not an object,
// exp or nbf not a number), alg_not_allowed (header alg other than RS256, checked before any
// cryptography), no_keys (503: no key set loaded yet), missing_kid, unknown_kid (ask the
// refresher for a refresh), bad_signature, wrong_issuer, wrong_audience, missing_exp,
// expired, not_yet_valid. Every failure but no_keys is 401.
struct token_result {
  bool ok = false;
  int status = 401;
  std::string code;
  std::string message;
  token_claims claims;

  verification as_verification() const {
    return ok ? verification::pass() : verification::fail(status, code, message);
  }
};

// Verifies the Authorization header value against `keys` (nullptr or empty: 503 no_keys).
// "aud" may be a string or an array of strings; either way it must hold rules.app_id.
// Expired means now >= exp + skew; not yet valid means nbf > now + skew.
token_result verify_token(std::string_view authorization, const key_set* keys, const token_rules& rules);

// The checks that bind a verified token to the activity it came with: the activity's
// channelId must be among the signing key's endorsements when it has any (else 403
// channel_not_endorsed), and its serviceUrl must equal the token's serviceurl claim exactly
// (else 403 service_url_mismatch), so a token cannot be replayed to steer replies elsewhere.
// A token that did not verify is refused with its own failure.
verification check_activity(const token_result& token, std::string_view channel_id, std::string_view service_url);

}  // namespace commonsbot::adapters::teams
