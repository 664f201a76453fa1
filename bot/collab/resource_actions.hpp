// Internal to the resources area: the add flow's actions register from their own file
// (resource_add_actions.cpp); add_resource_actions (actions_by_area.hpp) calls this.
#pragma once

#include "collab/services.hpp"

namespace commonsbot::collab::resources {

void add_resource_add_actions(flows::action_registry& actions, const services& s);

}  // namespace commonsbot::collab::resources
