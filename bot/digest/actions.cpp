#include "digest/actions.hpp"

namespace commonsbot::digest {

void register_actions(flows::action_registry& actions, const context& ctx) {
  detail::add_subscribe_actions(actions, ctx);
  detail::add_suggest_actions(actions, ctx);
  detail::add_preview_actions(actions, ctx);
}

}  // namespace commonsbot::digest
