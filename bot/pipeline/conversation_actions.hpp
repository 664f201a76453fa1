// What the bot does when it joins or leaves one conversation (Teams: the app installed in a
// personal chat, a group chat or a team, and removed again):
//
//   on.conversation_added    keeps the conversation's reference (where to post into it later:
//                            its service URL and the bot's id there) in collection
//                            "conversations", and says a short welcome
//   on.conversation_removed  forgets that conversation in one transaction, as an uninstall
//                            forgets a workspace: its sessions are erased, its reference
//                            goes, and its messages still in the outbox move to dead_letters
//                            with the reason, so an operator sees what was not said
//
// The event's fields name the conversation ("conversation_id", "service_url", "bot_id") and
// say what it is ("conversation_type": personal, groupChat or channel; "conversation_name").
// People, plans and the rest stay.
#pragma once

#include "flows/action.hpp"

#include <string_view>

namespace commonsbot::pipeline {

inline constexpr std::string_view conversations_collection = "conversations";

void add_conversation_actions(flows::action_registry& actions);

}  // namespace commonsbot::pipeline
