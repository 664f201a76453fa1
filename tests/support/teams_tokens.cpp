#include "support/teams_tokens.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <stdexcept>

namespace commonsbot::test {
namespace {

struct pkey_free {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct md_ctx_free {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
struct bn_free {
  void operator()(BIGNUM* bn) const noexcept { BN_free(bn); }
};
struct bio_free {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};

[[noreturn]] void openssl_failed(const char* what) { throw std::runtime_error(std::string("teams_tokens: ") + what); }

// One RSA parameter (n or e) as base64url of its big-endian bytes.
std::string rsa_param_b64url(EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) openssl_failed("EVP_PKEY_get_bn_param");
  const std::unique_ptr<BIGNUM, bn_free> bn(raw);
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return base64url(bytes);
}

std::string signing_input(const nlohmann::json& header, const nlohmann::json& claims) {
  return base64url(header.dump()) + "." + base64url(claims.dump());
}

}  // namespace

struct teams_key::state {
  std::unique_ptr<EVP_PKEY, pkey_free> key;
};

teams_key::teams_key(int bits) : state_(std::make_unique<state>()) {
  state_->key.reset(EVP_RSA_gen(static_cast<unsigned int>(bits)));
  if (!state_->key) openssl_failed("EVP_RSA_gen");
}

teams_key::~teams_key() = default;

const teams_key& teams_key::primary() {
  static const teams_key key;
  return key;
}

const teams_key& teams_key::other() {
  static const teams_key key;
  return key;
}

std::string teams_key::modulus() const { return rsa_param_b64url(state_->key.get(), OSSL_PKEY_PARAM_RSA_N); }

std::string teams_key::exponent() const { return rsa_param_b64url(state_->key.get(), OSSL_PKEY_PARAM_RSA_E); }

std::string teams_key::public_pem() const {
  const std::unique_ptr<BIO, bio_free> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), state_->key.get()) != 1) openssl_failed("PEM_write_bio_PUBKEY");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string teams_key::sign(std::string_view input, std::string_view digest) const {
  const std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
  const std::string digest_name(digest);
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, digest_name.c_str(), nullptr, nullptr, state_->key.get(),
                                    nullptr) != 1)
    openssl_failed("EVP_DigestSignInit_ex");
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) != 1) openssl_failed("EVP_DigestSign");
  std::string signature(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len, data, input.size()) != 1)
    openssl_failed("EVP_DigestSign");
  signature.resize(len);
  return signature;
}

std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
  return out;
}

nlohmann::json jwk_json(const jwks_entry& entry) {
  if (!entry.key) throw std::invalid_argument("jwks_entry without a key");
  nlohmann::json jwk = {{"kty", "RSA"}, {"use", "sig"}, {"kid", entry.kid}, {"x5t", entry.kid}};
  if (entry.with_modulus) {
    jwk["n"] = entry.key->modulus();
    jwk["e"] = entry.key->exponent();
  }
  // Microsoft sends the certificate too; a stand-in is enough, as verifiers use n and e.
  jwk["x5c"] = nlohmann::json::array({base64url("certificate of " + entry.kid)});
  if (!entry.endorsements.empty()) jwk["endorsements"] = entry.endorsements;
  return jwk;
}

std::string render_jwks(const std::vector<jwks_entry>& entries) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& entry : entries) keys.push_back(jwk_json(entry));
  return nlohmann::json{{"keys", keys}}.dump();
}

std::string render_openid_metadata(const std::string& jwks_uri, const std::string& issuer) {
  return nlohmann::json{{"issuer", issuer},
                        {"authorization_endpoint", "https://invalid.botframework.com"},
                        {"jwks_uri", jwks_uri},
                        {"id_token_signing_alg_values_supported", {"RS256"}},
                        {"token_endpoint_auth_methods_supported", {"private_key_jwt"}}}
      .dump();
}

nlohmann::json rs256_header(const std::string& kid) {
  return {{"alg", "RS256"}, {"kid", kid}, {"typ", "JWT"}, {"x5t", kid}};
}

nlohmann::json bot_framework_claims(const std::string& app_id, const std::string& service_url, long long now) {
  return {{"serviceurl", service_url}, {"nbf", now - 60},  {"exp", now + 3600},
          {"iss", "https://api.botframework.com"}, {"aud", app_id}, {"iat", now - 60}};
}

std::string mint_rs256(const teams_key& key, const nlohmann::json& header, const nlohmann::json& claims) {
  return mint_rsa_raw(key, header.dump(), claims.dump(), "SHA256");
}

std::string mint_rsa_raw(const teams_key& key, std::string_view header, std::string_view payload,
                         std::string_view digest) {
  const std::string input = base64url(header) + "." + base64url(payload);
  return input + "." + base64url(key.sign(input, digest));
}

std::string mint_hs256_with_public_key(const teams_key& key, const nlohmann::json& header,
                                       const nlohmann::json& claims) {
  const std::string input = signing_input(header, claims);
  const std::string secret = key.public_pem();
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                 reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, sizeof mac, &mac_len))
    openssl_failed("EVP_Q_mac");
  return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), mac_len));
}

std::string mint_unsigned(const nlohmann::json& header, const nlohmann::json& claims) {
  return signing_input(header, claims) + ".";
}

}  // namespace commonsbot::test
