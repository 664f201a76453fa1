// Reading the plans the evidence features share defensively (people come from
// people_records.hpp), plus the small helpers every evidence action uses. A record another
// part of the bot wrote badly must never stop a log, a reflection or a report: what cannot
// be read is skipped.
#pragma once

#include "collab/action_text.hpp"
#include "collab/people_records.hpp"
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

// The acting person's own name (they may not be stored yet on their first message).
std::string my_name(const flows::flow_context& ctx);

std::optional<plan> find_plan(const flows::record_view& records, std::string_view tenant, std::string_view id);
// Every readable plan of the tenant. One that cannot be read is logged with its key and
// counted in `*unreadable` when given.
std::vector<plan> plans_of(const flows::record_view& records, std::string_view tenant, int* unreadable = nullptr);

// Ticks checklist item `id` of `p` (the "planning for success" steps: "evaluate", "improve",
// "share") if the plan has it and it is not ticked yet; a reflection or a share is that step.
void tick_step(plan& p, std::string_view id, const std::string& by, long long at_ms);

// "p7: Volcanoes", as plans are listed in choices.
std::string plan_label(const plan& p);
// The label of content item `id` in `list` ("continuum", "models") in the person's words;
// the id itself if the list no longer has it.
std::string content_label(const flows::flow_context& ctx, const content* words, std::string_view list,
                          std::string_view id);

// The refusal for someone who is not a partner of `p`: message `key` with the plan's id,
// title and partners' names.
flows::action_result refuse_not_partner(const plan& p, const flows::action_call& call, std::string_view key);

// The plan the command names ("/library reflect p7"), if the acting person partners it.
// Otherwise nullopt, with `refused` holding "<area>.not_found" or "<area>.not_partner".
std::optional<plan> my_named_plan(const flows::action_call& call, std::string_view area, flows::action_result& refused);

// "Sam, Mere and Aroha" (the joining words come from the messages).
std::string join_names(const flows::flow_context& ctx, const std::vector<std::string>& names);

}  // namespace commonsbot::collab::evidence
