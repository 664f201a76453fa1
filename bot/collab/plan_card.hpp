// The plan card: one message that shows a plan (what, who, when, how deep the library's part
// goes, the model, the outcomes) with its checklist. Each checklist item is a record button
// ("do:plans.tick|p3/outcomes"), so partners tick it on any platform with checkboxes at any
// time; on the console the items are numbered and ticked by typing.
#pragma once

#include "collab/content.hpp"
#include "collab/plan.hpp"
#include "core/message.hpp"
#include "flows/message_catalog.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

// The words a card is drawn with, in the reader's locale.
struct card_words {
  const flows::message_catalog& messages;
  std::string locale;
  const content* words = nullptr;                          // checklist, continuum, models
  std::function<std::string(std::string_view)> name_of;    // person key -> display name

  std::string say(std::string_view key, const flows::variables& vars = {}) const;
};

// A checklist item's, continuum level's or model's name; the id itself when unknown.
std::string item_name(const card_words& w, std::string_view item_id);
std::string support_name(const card_words& w, std::string_view level_id);  // "Co-teaching (level 4 of 5)"
std::string model_name(const card_words& w, std::string_view model_id);

// "3/7".
std::string progress(const plan& p);

// The saved plan, with tickable checklist.
core::message plan_card(const plan& p, const card_words& w);

// A plan being written, before it is saved: no id and no checklist yet.
core::message plan_preview(const plan& p, const card_words& w);

// `me`'s open plans, newest first; with `buttons`, an "Open" button for each.
core::message plans_list(const std::vector<plan>& plans, std::string_view me, const card_words& w, bool buttons);

// The action every checklist item on a card runs, and its payload "<plan id>/<item id>".
inline constexpr std::string_view tick_action = "plans.tick";
inline constexpr std::string_view show_action = "plans.show";

}  // namespace commonsbot::collab
