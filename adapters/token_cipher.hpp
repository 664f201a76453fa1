// Tokens at rest (docs/slack.md, "Tokens at rest"): AES-256-GCM through OpenSSL's EVP.
//
// Contract:
// - seal(plain, context) gives "enc:v1:<key id>:<base64 of nonce|ciphertext|tag>", with a
//   fresh random 96-bit nonce each time, always under the current key. `context` (the
//   record's collection and key) is the associated data: a sealed value copied into another
//   record does not open there.
// - open(text, context) opens with whichever key (current or previous) has the key id, and
//   gives nullopt for a wrong or unknown key, another context, or any change to the text.
//   Text that is not sealed at all (no "enc:" prefix) is a legacy plain-text value and comes
//   back as it is, so an upgrade never loses an installation; stale() says it needs sealing.
// - Keys are 32 bytes. The key id is a short hash of the key, never the key.
// Thread-safe: every call uses its own EVP context.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters {

inline constexpr std::size_t token_key_bytes = 32;

class token_cipher {
 public:
  // `current` and `previous` are raw 32-byte keys (decode the config's base64 first).
  token_cipher(std::string current, std::vector<std::string> previous = {});

  std::string seal(std::string_view plain, std::string_view context) const;
  std::optional<std::string> open(std::string_view text, std::string_view context) const;
  // True for a plain-text value or one sealed under a previous key: re-seal it.
  bool stale(std::string_view text) const;
  static bool sealed(std::string_view text);

  const std::string& key_id() const { return keys_.front().id; }

 private:
  struct key {
    std::string bytes;
    std::string id;
  };
  std::vector<key> keys_;  // the current key first
};

// base64 (standard alphabet, padded) of a 32-byte key into its bytes; nullopt when it is not
// base64 or not 32 bytes long.
std::optional<std::string> decode_token_key(std::string_view base64);

}  // namespace commonsbot::adapters
