#include "adapters/slack/signature.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <charconv>

namespace commonsbot::adapters::slack {
namespace {

constexpr std::string_view version_prefix = "v0=";
constexpr std::size_t sha256_hex_length = 64;
constexpr std::size_t max_timestamp_digits = 12;  // seconds; far past year 9999

}  // namespace

std::string sign(std::string_view signing_secret, std::string_view timestamp, std::string_view body) {
  // The HMAC implementation is looked up once: OpenSSL 3's one-shot HMAC() fetches it from
  // the provider on every call, which cost more than the MAC itself on a small request.
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_len = 0;
  EVP_MAC_CTX* ctx = hmac ? EVP_MAC_CTX_new(hmac) : nullptr;
  // The base string "v0:<timestamp>:<body>" is fed in pieces, so the body is never copied.
  const bool ok = ctx &&
                  EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(signing_secret.data()),
                               signing_secret.size(), params) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>("v0:"), 3) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(timestamp.data()), timestamp.size()) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(":"), 1) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(body.data()), body.size()) == 1 &&
                  EVP_MAC_final(ctx, mac, &mac_len, sizeof mac) == 1;
  EVP_MAC_CTX_free(ctx);
  if (!ok) return {};  // matches no header, so verification fails closed
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(version_prefix);
  out.reserve(version_prefix.size() + 2 * mac_len);
  for (std::size_t i = 0; i < mac_len; ++i) {
    out.push_back(hex[mac[i] >> 4]);
    out.push_back(hex[mac[i] & 0xf]);
  }
  return out;
}

verification verify_signature(std::string_view signing_secret, std::string_view timestamp_header,
                              std::string_view signature_header, std::string_view body,
                              std::chrono::system_clock::time_point now) {
  if (signing_secret.empty())
    return verification::fail(401, "not_configured", "no signing secret is configured for Slack");
  if (timestamp_header.empty() || signature_header.empty())
    return verification::fail(401, "missing_signature",
                              "X-Slack-Signature and X-Slack-Request-Timestamp headers are required");
  long long ts = 0;
  const auto* end = timestamp_header.data() + timestamp_header.size();
  auto [ptr, ec] = std::from_chars(timestamp_header.data(), end, ts);
  if (ec != std::errc{} || ptr != end || timestamp_header.size() > max_timestamp_digits || ts <= 0)
    return verification::fail(401, "bad_timestamp", "X-Slack-Request-Timestamp must be Unix seconds");
  const long long now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const long long skew = now_s > ts ? now_s - ts : ts - now_s;
  if (skew > max_clock_skew.count())
    return verification::fail(401, "stale_timestamp",
                              "X-Slack-Request-Timestamp is more than 5 minutes from the server's time");
  if (signature_header.size() != version_prefix.size() + sha256_hex_length ||
      signature_header.substr(0, version_prefix.size()) != version_prefix)
    return verification::fail(401, "bad_signature", "X-Slack-Signature must be v0= and 64 hex digits");
  const std::string expected = sign(signing_secret, timestamp_header, body);
  if (expected.size() != signature_header.size())
    return verification::fail(401, "bad_signature", "the signature could not be computed");
  // Constant time: how much of a forged signature matches must not show in the timing.
  if (CRYPTO_memcmp(expected.data(), signature_header.data(), expected.size()) != 0)
    return verification::fail(401, "bad_signature", "X-Slack-Signature does not match the request body");
  return verification::pass();
}

}  // namespace commonsbot::adapters::slack
