#include "collab/services.hpp"

#include "collab/actions_by_area.hpp"

namespace commonsbot::collab {

void register_actions(flows::action_registry& actions, const services& s) {
  // One line per area; each area's actions live in its own file.
  detail::add_home_actions(actions, s);
  detail::add_profile_actions(actions, s);
  detail::add_role_actions(actions, s);
  detail::add_glossary_actions(actions, s);
  detail::add_booking_actions(actions, s);
  detail::add_plan_actions(actions, s);
  detail::add_log_actions(actions, s);
  detail::add_reflect_actions(actions, s);
  detail::add_share_actions(actions, s);
  detail::add_survey_actions(actions, s);
  detail::add_report_actions(actions, s);
  detail::add_resource_actions(actions, s);
  (void)actions;
  (void)s;
}

}  // namespace commonsbot::collab
