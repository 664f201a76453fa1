#include "adapters/slack/classify.hpp"

#include <set>
#include <string>

namespace commonsbot::adapters::slack {

delivery::classification classify(const delivery::attempt_result& r) {
  auto c = delivery::default_classify(r);
  // With token rotation an expired token is one the refresher is about to replace (after a
  // downtime, say): retried, and a retry is rendered with the token as it is then.
  if (c.v == delivery::verdict::permanent && c.reason == "token_expired") {
    c.v = delivery::verdict::retry;
    return c;
  }
  // Slack's answers for a token that was revoked or belongs to an app no longer installed
  // (chat.postMessage and views.publish error lists).
  static const std::set<std::string> gone{"token_revoked", "account_inactive", "invalid_auth", "not_authed"};
  if (c.v == delivery::verdict::permanent && gone.contains(c.reason))
    c.reason += ": the Slack workspace uninstalled the app or revoked its token; reinstall it, set the new bot "
                "token and run `commonsbot outbox retry --all`";
  return c;
}

}  // namespace commonsbot::adapters::slack
