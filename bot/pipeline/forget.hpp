// What the lifecycle actions share when the bot loses a place to speak (a workspace
// uninstalled, a Teams conversation left): the place's sessions and owed messages go, in the
// event's own transaction, so nothing half-forgotten survives a crash.
#pragma once

#include "delivery/outbox_entry.hpp"
#include "flows/action.hpp"

#include <cstddef>
#include <functional>
#include <string>

namespace commonsbot::pipeline {

// Erases every session whose key starts with `prefix` (a tenant key). Returns how many.
std::size_t erase_sessions(flows::action_call& call, const std::string& prefix);

// Moves the tenant's outbox entries that `owed_there` picks to dead_letters with `reason`
// (an operator reads it there), erasing them from the outbox. Unreadable entries are left to
// the delivery worker, which logs and skips them. Returns how many moved.
std::size_t dead_letter_outbox(flows::action_call& call, const std::string& tenant, const std::string& reason,
                               const std::function<bool(const delivery::outbox_entry&)>& owed_there);

}  // namespace commonsbot::pipeline
