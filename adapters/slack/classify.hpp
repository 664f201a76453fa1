// How the outbox judges a Slack send: the default rules (delivery/retry_policy.hpp), with the
// codes that mean "this workspace no longer lets the bot in" named plainly. In
// single-workspace mode the bot token comes from config and outlives an uninstall, so every
// later send fails with one of these; each such message is dead-lettered at once (never
// retried) with a reason that says what happened and what to do.
#pragma once

#include "delivery/retry_policy.hpp"

namespace commonsbot::adapters::slack {

delivery::classification classify(const delivery::attempt_result& r);

}  // namespace commonsbot::adapters::slack
