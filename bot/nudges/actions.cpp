#include "nudges/actions.hpp"

namespace commonsbot::nudges {

void register_actions(flows::action_registry& actions, const context& ctx) {
  detail::add_meeting_actions(actions, ctx);
  detail::add_preference_actions(actions, ctx);
  detail::add_button_actions(actions, ctx);
}

}  // namespace commonsbot::nudges
