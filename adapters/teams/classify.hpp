// How the outbox judges a Bot Connector answer (docs/delivery.md, docs/teams.md). On top of
// the default (2xx sent; 412, 429, 5xx and timeouts retried with Retry-After and jitter):
//   401  the app token was refused: it is dropped, and the retry asks for a new one
//   403  BotNotInConversationRoster, ConversationBlockedByUser, MessageWritesBlocked,
//        BotDisabledByAdmin: permanent, with advice in the dead letter
#pragma once

#include "delivery/retry_policy.hpp"

#include <functional>

namespace commonsbot::adapters::teams {

// `discard_token`: called on a 401, so the next render fetches a new token.
delivery::classifier classifier(std::function<void()> discard_token);

}  // namespace commonsbot::adapters::teams
