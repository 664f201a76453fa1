// Someone's nudge settings as card fields (nudges on or off, a pause, quiet hours, working
// days), shown on the profile card and by /library nudges, so both say the same thing.
#pragma once

#include "core/message.hpp"
#include "core/person.hpp"
#include "flows/engine.hpp"

#include <vector>

namespace commonsbot::collab {

std::vector<core::field> nudge_setting_fields(const flows::flow_context& ctx, const core::person& p);

}  // namespace commonsbot::collab
