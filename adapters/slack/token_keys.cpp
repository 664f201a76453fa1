#include "adapters/slack/token_keys.hpp"

#include "adapters/token_cipher.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::adapters::slack {
namespace {

using flows::problem;
constexpr std::string_view make_one = "make one with: openssl rand -base64 32";

secret_value key_at(const nlohmann::json& ref, const std::string& file, const std::string& pointer,
                    flows::problem_list& problems) {
  const std::size_t before = problems.size();
  const auto text = read_secret(ref, file, pointer, problems);
  if (problems.size() != before) return {};
  std::string trimmed = text.reveal();
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.pop_back();
  auto raw = decode_token_key(trimmed);
  if (!raw) {
    problems.push_back({problem::severity::error, file, pointer,
                        "must be 32 random bytes in base64 (44 characters); " + std::string(make_one)});
    return {};
  }
  return secret_value(std::move(*raw));
}

}  // namespace

void read_token_keys(const nlohmann::json& s, const std::string& file, settings& out, flows::problem_list& problems) {
  const std::string where = "/adapters/slack/";
  if (auto it = s.find("token_encryption_key"); it != s.end())
    out.token_encryption_key = key_at(*it, file, where + "token_encryption_key", problems);
  else if (out.multi_workspace())
    problems.push_back({problem::severity::error, file, where + "token_encryption_key",
                        "multi-workspace mode stores each workspace's tokens and needs a key to seal them: "
                        "{\"env\": \"SLACK_TOKEN_ENCRYPTION_KEY\"} or {\"file\": \"PATH\"}; " + std::string(make_one)});
  auto it = s.find("token_encryption_previous_keys");
  if (it == s.end()) return;
  if (!it->is_array()) {
    problems.push_back({problem::severity::error, file, where + "token_encryption_previous_keys",
                        "must be a list of keys, each {\"env\": \"NAME\"} or {\"file\": \"PATH\"}"});
    return;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    auto key = key_at((*it)[i], file, where + "token_encryption_previous_keys/" + std::to_string(i), problems);
    if (!key.empty()) out.token_encryption_previous_keys.push_back(std::move(key));
  }
}

}  // namespace commonsbot::adapters::slack
