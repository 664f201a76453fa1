// platform_records with its secret fields sealed (token_cipher.hpp): every put seals the named
// string fields of the named collections under the current key, with "<collection>/<key>" as
// the associated data; every get and scan opens them again. An adapter built over this never
// sees a sealed value and never writes a plain one, so the store, its files and its exports
// hold tokens only as ciphertext.
#pragma once

#include "adapters/platform_records.hpp"
#include "adapters/token_cipher.hpp"

#include <string>
#include <vector>

namespace commonsbot::adapters {

// The fields of one collection's records that are secrets (Slack: slack_installations'
// bot_token and refresh_token). `store export` leaves the same fields out.
struct secret_fields {
  std::string collection;
  std::vector<std::string> fields;
};

class sealed_records final : public platform_records {
 public:
  sealed_records(platform_records& inner, token_cipher cipher, std::vector<secret_fields> secrets);

  // A field that does not open (the key that sealed it is gone, or the record was changed or
  // moved) reads as empty, and a warning names the record, never the value.
  std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const override;
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                           std::string_view prefix = {}) const override;
  std::string commit(record_changes changes) override;

  // Rewrites every record whose secrets are plain text (from before sealing) or sealed under
  // a previous key, so an upgrade or a key rotation leaves only current ciphertext behind.
  // Blocking, like commit. Sets `resealed` to how many records changed; empty on success.
  std::string reseal_all(std::size_t& resealed);

 private:
  const std::vector<std::string>* fields_of(std::string_view collection) const;
  nlohmann::json opened(std::string_view collection, std::string_view key, nlohmann::json value) const;

  platform_records& inner_;
  token_cipher cipher_;
  std::vector<secret_fields> secrets_;
};

}  // namespace commonsbot::adapters
