// The digest line on /library profile: whether someone gets current-awareness digests and
// when. Reads the digest_profiles record as JSON, so collab need not link the digest
// library (bot/digest/profile.hpp owns the record's shape).
#pragma once

#include "core/message.hpp"
#include "core/person.hpp"
#include "flows/engine.hpp"

namespace commonsbot::collab {

// "Digest: every Monday at 8:30am (/library subscribe to change it)", or off with the way in.
core::field digest_setting_field(const flows::flow_context& ctx, const core::person& p);

}  // namespace commonsbot::collab
