// Internal to the plan actions: helpers the plan_*_actions.cpp files share, and the function
// each of them adds its actions with.
#pragma once

#include "collab/action_text.hpp"
#include "collab/plan.hpp"
#include "collab/plan_card.hpp"
#include "collab/services.hpp"
#include "flows/engine.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::detail {

// What a card needs, in `locale` (empty: the acting person's).
card_words words_for(const flows::action_call& call, const services& s, std::string locale = {});

// The acting person's key ("platform:user") and tenant.
std::string me(const flows::action_call& call);
const std::string& tenant(const flows::action_call& call);

// A list variable's text items (other items ignored), or none.
std::vector<std::string> list_var(const flows::action_call& call, const char* name);

// Sends `make(words)` to every partner of `p` except the acting person, each in their own
// locale, through their direct conversation. Partners the bot can't reach are skipped.
void notify_partners(flows::action_call& call, const services& s, const plan& p,
                     const std::function<core::message(const card_words&)>& make);

void add_plan_input_actions(flows::action_registry& actions, const services& s);   // plan_input_actions.cpp
void add_plan_create_actions(flows::action_registry& actions, const services& s);  // plan_create_actions.cpp
void add_plan_tick_actions(flows::action_registry& actions, const services& s);    // plan_tick_actions.cpp
void add_model_actions(flows::action_registry& actions, const services& s);        // plan_models.cpp

}  // namespace commonsbot::collab::detail
