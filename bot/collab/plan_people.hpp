// People on a plan: reading who someone mentioned ("<@U123>" from Slack, "@Aroha" typed on
// the console, or plain names), and finding partners' names and direct conversations.
// Everything is read from the "people" records of the acting person's tenant, on the same
// platform, so a mention never reaches another school.
#pragma once

#include "collab/people_records.hpp"
#include "core/person.hpp"
#include "flows/action.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

// The people named in `text`: "<@U123>" or "<@U123|name>" (Slack), "@Name" or
// "@user-id", or, when there is no "@" at all, names separated by commas or "and".
std::vector<std::string> mention_words(std::string_view text);

struct mentioned {
  std::vector<core::person> people;  // found, in the order named, without repeats or `me`
  std::vector<std::string> unknown;  // words that matched nobody
};

// Resolves each word by user id, then by display name (ignoring case), among the people of
// `me`'s tenant on `me`'s platform.
mentioned resolve_mentions(const flows::record_view& records, const core::person& me, std::string_view text);

// True for the library's side of a plan (library staff); everyone else is on the teaching side.
bool library_side(core::role r);

// People who read by typing rather than pressing buttons (the console): they tick a plan by
// number in a conversation instead of with checkboxes on the card.
bool typed_only(const core::person& p);

}  // namespace commonsbot::collab
