// The profile actions (profile.show, profile.save), registered with the zones they check
// against, so tests can hand in a small table instead of the system's.
#pragma once

#include "collab/profile_zones.hpp"
#include "collab/services.hpp"

namespace commonsbot::collab {

void add_profile_actions(flows::action_registry& actions, const services& s, const people::time_zones& zones);

}  // namespace commonsbot::collab
