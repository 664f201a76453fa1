// Sharing a finished unit's story with the staff: one partner asks, another agrees, then
// the story goes to the school's staff channel. The guide's point: leaders and colleagues
// should see what collaboration achieved, but only with everyone's blessing.
//
// A request is stored in "share_requests" under "<tenant>/<plan id>" while it waits, and
// kept (status "posted") afterwards, so we know who agreed and when.
#pragma once

#include "collab/plan.hpp"
#include "collab/services.hpp"
#include "core/message.hpp"
#include "core/person.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

inline constexpr std::string_view share_requests_collection = "share_requests";

struct share_request {
  std::string plan;
  std::string tenant;
  std::string asked_by;     // person key
  long long asked_ms = 0;
  std::string status = "asked";  // asked | declined | posted
  std::string answered_by;  // who agreed or declined
  long long answered_ms = 0;

  std::string key() const;  // "<tenant>/<plan>"
  bool operator==(const share_request&) const = default;
};

void to_json(nlohmann::json& j, const share_request& r);
void from_json(const nlohmann::json& j, share_request& r);  // never throws

// Where a tenant's stories go: services.staff_channels, with the acting person's platform
// filled in when the config gave only a conversation id. nullopt if none is configured.
std::optional<core::conversation_ref> staff_channel(const services& s, const core::person& acting);

// The post: title, who, what was done, level, model, what worked, the evidence (links
// become link buttons).
core::message share_story(const plan& p, const flows::flow_context& ctx, const services& s);

// Posts `p`'s story to `channel`, agreed by the acting person: sets p.shared (the caller
// writes `p`), stores `request` as posted, and tells whoever asked.
void post_story(plan& p, share_request& request, flows::action_call& call, const services& s,
                const core::conversation_ref& channel);

// What asking to share did.
enum class share_step {
  posted,          // posted now (a partner had asked already, or no one else had to agree)
  asked,           // the other partners were asked
  waiting,         // this person asked before; still waiting for an answer
  no_channel,      // no staff channel is configured
  already_shared,
  not_reflected,   // nothing to tell yet: reflect first
};

// `call.ctx.person` wants `p` shared. Writes the request or the post (and sets p.shared when
// posted: the caller writes `p` if `plan_changed`), adds replies for the asker, and notices
// for the partners; `intro` (may be empty) leads the partners' notice.
share_step request_share(plan& p, flows::action_call& call, const services& s, const std::string& intro,
                         std::vector<core::message>& replies, bool& plan_changed);

}  // namespace commonsbot::collab
