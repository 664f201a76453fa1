#include "adapters/teams/classify.hpp"

#include "core/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::adapters::teams {
namespace {

// {"error":{"code":"BotNotInConversationRoster","message":"..."}}; subCode where Teams adds one.
std::string error_code(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return {};
  const auto& e = j["error"];
  const std::string sub = core::string_field(e, "subCode");
  return sub.empty() ? core::string_field(e, "code") : sub;
}

std::string advice(const std::string& code) {
  if (code == "BotNotInConversationRoster")
    return "the app is not installed for this person or in this team; install Commons Bot for them (Teams admin "
           "centre, Manage apps) and run `commonsbot outbox retry`";
  if (code == "ConversationBlockedByUser" || code == "MessageWritesBlocked")
    return "this person has blocked the bot in Teams; it cannot message them until they unblock it";
  if (code == "BotDisabledByAdmin") return "a Teams admin has blocked Commons Bot in this tenant";
  return {};
}

}  // namespace

delivery::classifier classifier(std::function<void()> discard_token) {
  return [discard = std::move(discard_token)](const delivery::attempt_result& r) {
    auto c = delivery::default_classify(r);
    if (r.status == 401) {
      if (discard) discard();
      c.v = delivery::verdict::retry;  // rendered again with a fresh token
      c.reason = "http 401: the Bot Connector refused the app token; asking for a new one";
      return c;
    }
    if (r.status == 403) {
      const std::string code = error_code(r.body);
      c.v = delivery::verdict::permanent;
      const std::string words = advice(code);
      c.reason = "http 403" + (code.empty() ? std::string() : " " + code) + (words.empty() ? "" : ": " + words);
    }
    return c;
  };
}

}  // namespace commonsbot::adapters::teams
