#include "adapters/token_cipher.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace commonsbot::adapters {
namespace {

constexpr std::string_view prefix = "enc:v1:";
constexpr int nonce_bytes = 12;
constexpr int tag_bytes = 16;

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

std::string base64(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(bytes(out), bytes(raw), static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Strict: whole groups of four from the standard alphabet, '=' only at the end.
std::optional<std::string> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  while (pad < 2 && text[text.size() - 1 - pad] == '=') ++pad;
  for (std::size_t i = 0; i < text.size() - pad; ++i) {
    const char c = text[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'))
      return std::nullopt;
  }
  std::vector<unsigned char> out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), bytes(text), static_cast<int>(text.size()));
  if (n < static_cast<int>(pad)) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n) - pad);
}

std::string key_id_of(const std::string& key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const std::string labelled = "commonsbot token key id:" + key;
  EVP_Digest(labelled.data(), labelled.size(), digest, &len, EVP_sha256(), nullptr);
  static const char hex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 4; ++i) {
    id += hex[digest[i] >> 4];
    id += hex[digest[i] & 15];
  }
  return id;
}

}  // namespace

token_cipher::token_cipher(std::string current, std::vector<std::string> previous) {
  if (current.size() != token_key_bytes) throw std::invalid_argument("token key must be 32 bytes");
  keys_.push_back({current, key_id_of(current)});
  for (auto& k : previous)
    if (k.size() == token_key_bytes) keys_.push_back({k, key_id_of(k)});
}

bool token_cipher::sealed(std::string_view text) { return text.starts_with("enc:"); }

bool token_cipher::stale(std::string_view text) const {
  return !text.starts_with(std::string(prefix) + key_id() + ":");
}

std::string token_cipher::seal(std::string_view plain, std::string_view context) const {
  std::string nonce(nonce_bytes, '\0');
  if (RAND_bytes(bytes(nonce), nonce_bytes) != 1) throw std::runtime_error("no random bytes for a nonce");
  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string body = nonce + std::string(plain.size(), '\0') + std::string(tag_bytes, '\0');
  int len = 0;
  int tail = 0;
  const bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(keys_.front().bytes), bytes(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(context), static_cast<int>(context.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), bytes(body) + nonce_bytes, &len, bytes(plain), static_cast<int>(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), bytes(body) + nonce_bytes + len, &tail) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_bytes, bytes(body) + nonce_bytes + plain.size()) == 1;
  if (!ok) throw std::runtime_error("token sealing failed");
  return std::string(prefix) + key_id() + ":" + base64(body);
}

std::optional<std::string> token_cipher::open(std::string_view text, std::string_view context) const {
  if (!sealed(text)) return std::string(text);  // legacy plain text, from before sealing
  if (!text.starts_with(prefix)) return std::nullopt;  // a newer version than this build reads
  text.remove_prefix(prefix.size());
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view id = text.substr(0, colon);
  const key* k = nullptr;
  for (const auto& candidate : keys_)
    if (candidate.id == id) k = &candidate;
  const auto body = unbase64(text.substr(colon + 1));
  if (!k || !body || body->size() < static_cast<std::size_t>(nonce_bytes + tag_bytes)) return std::nullopt;
  const std::size_t plain_size = body->size() - nonce_bytes - tag_bytes;
  std::string plain(plain_size, '\0');
  std::string tag = body->substr(nonce_bytes + plain_size);
  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  int tail = 0;
  const bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(k->bytes), bytes(*body)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(context), static_cast<int>(context.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, bytes(*body) + nonce_bytes, static_cast<int>(plain_size)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_bytes, bytes(tag)) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + len, &tail) == 1;  // checks the tag
  if (!ok) return std::nullopt;
  return plain;
}

std::optional<std::string> decode_token_key(std::string_view base64_text) {
  auto key = unbase64(base64_text);
  if (!key || key->size() != token_key_bytes) return std::nullopt;
  return key;
}

}  // namespace commonsbot::adapters
