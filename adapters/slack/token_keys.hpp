// adapters.slack.token_encryption_key and token_encryption_previous_keys: the keys that seal
// installations' tokens in the store (adapters/token_cipher.hpp).
#pragma once

#include "adapters/slack/settings.hpp"

namespace commonsbot::adapters::slack {

// Reads both keys into `out` as raw bytes. A key that is not base64 of 32 bytes is an error
// that says how to make one; so is multi-workspace mode without a current key, since it
// stores tokens.
void read_token_keys(const nlohmann::json& section, const std::string& file, settings& out,
                     flows::problem_list& problems);

}  // namespace commonsbot::adapters::slack
