// The chat side of digests: /library subscribe (and its shortcuts off, accept, decline,
// suggest), /library unsubscribe, /library digest (a preview), and the record buttons every
// digest and suggestion carries (useful, not for me, more like this, unsubscribe; yes, use
// it / no thanks). Registered by app/runtime next to nudges::register_actions.
#pragma once

#include "digest/digest_context.hpp"
#include "flows/action.hpp"

namespace commonsbot::digest {

// Adds every digest action to `actions`. `ctx` (its services, for the catalogue and the
// learning-area words) must outlive the registry.
void register_actions(flows::action_registry& actions, const context& ctx);

namespace detail {
void add_subscribe_actions(flows::action_registry& actions, const context& ctx);  // subscribe_actions.cpp
void add_suggest_actions(flows::action_registry& actions, const context& ctx);    // suggest_actions.cpp
void add_preview_actions(flows::action_registry& actions, const context& ctx);    // preview_actions.cpp
// Opts the acting person out (the subscribe flow's "off" and the unsubscribe button).
flows::action_result opt_out(flows::action_call& call, const context& ctx);
}  // namespace detail

}  // namespace commonsbot::digest
