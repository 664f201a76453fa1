// Reading the records the evidence features share (people, plans) defensively, plus the
// small helpers every evidence action uses. A record another part of the bot wrote badly
// must never stop a log, a reflection or a report: what cannot be read is skipped.
#pragma once

#include "collab/plan.hpp"
#include "core/message.hpp"
#include "core/person.hpp"
#include "flows/action.hpp"
#include "flows/message_catalog.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::flows {
struct flow_context;
}

namespace commonsbot::collab {
class content;
}

namespace commonsbot::collab::evidence {

// The words for `key` in the acting person's locale.
std::string say(const flows::flow_context& ctx, std::string_view key, const flows::variables& vars = {});
core::message text_message(std::string text);

// The person stored under "<tenant>/<person_key>", if it can be read.
std::optional<core::person> find_person(const flows::record_view& records, std::string_view tenant,
                                        std::string_view person_key);
// A name to show for `person_key`: their display name, else the user id part of the key.
std::string name_of(const flows::record_view& records, std::string_view tenant, std::string_view person_key);
// The acting person's own name (they may not be stored yet on their first message).
std::string my_name(const flows::flow_context& ctx);
// Every person of `tenant` that can be read, with their keys ("platform:user").
std::vector<core::person> people_of(const flows::record_view& records, std::string_view tenant);

std::optional<plan> find_plan(const flows::record_view& records, std::string_view tenant, std::string_view id);
std::vector<plan> plans_of(const flows::record_view& records, std::string_view tenant);

// The next short id in `collection` for `tenant`: prefix + (highest number used + 1),
// e.g. "l1", "l2". Numbers keep ids typeable; the write guard re-runs the event if two
// people take the same one at once.
std::string next_id(const flows::record_view& records, std::string_view collection, std::string_view tenant,
                    std::string_view prefix);

// Ticks checklist item `id` of `p` (the "planning for success" steps: "evaluate", "improve",
// "share") if the plan has it and it is not ticked yet; a reflection or a share is that step.
void tick_step(plan& p, std::string_view id, const std::string& by, long long at_ms);

// "p7: Volcanoes", as plans are listed in choices.
std::string plan_label(const plan& p);
// The label of content item `id` in `list` ("continuum", "models") in the person's words;
// the id itself if the list no longer has it.
std::string content_label(const flows::flow_context& ctx, const content* words, std::string_view list,
                          std::string_view id);
// Where to reach `person_key` directly: their stored DM ref, else one built from the key.
core::conversation_ref direct_ref(const flows::record_view& records, std::string_view tenant,
                                  std::string_view person_key);

// "Sam, Mere and Aroha" (the joining words come from the messages).
std::string join_names(const flows::flow_context& ctx, const std::vector<std::string>& names);

}  // namespace commonsbot::collab::evidence
