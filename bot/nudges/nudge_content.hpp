// What a meeting nudge says: the title (meeting, day and time, place), two or three
// conversation starters for the meeting's kind and group, the group's open plans with what
// is still unticked, resources new in its learning areas since the last meeting, and the
// three buttons. Pure: the fire handler gathers the records (nudge_gather.hpp) and this
// draws them in the reader's words, with every list capped so a busy group still fits a
// chat message on any platform.
#pragma once

#include "catalogue/resource.hpp"
#include "collab/content.hpp"
#include "collab/plan.hpp"
#include "core/message.hpp"
#include "flows/message_catalog.hpp"
#include "meetings/meeting.hpp"
#include "schedule/civil_time.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::nudges {

inline constexpr std::size_t max_plans = 3;
inline constexpr std::size_t max_items_per_plan = 3;
inline constexpr std::size_t max_resources = 4;

inline constexpr std::string_view raise_action = "nudges.raise";
inline constexpr std::string_view snooze_action = "nudges.snooze";
inline constexpr std::string_view skip_action = "nudges.skip";
inline constexpr std::string_view back_action = "nudges.back";

// The words a nudge is drawn with.
struct nudge_words {
  const flows::message_catalog& messages;
  std::string locale;
  const collab::content* words = nullptr;  // nudge_starters, checklist, learning_areas

  std::string say(std::string_view key, const flows::variables& vars = {}) const {
    return messages.text(locale, key, vars);
  }
};

struct nudge_inputs {
  const meetings::meeting* meeting = nullptr;
  schedule::local_time occurrence;    // the meeting's wall time in its zone
  std::string reader_zone;            // the reader's zone: named in the title when it differs
  std::vector<collab::plan> plans;    // the group's open plans, newest first (all of them)
  std::vector<catalogue::resource> resources;  // new since `since`, newest first (all of them)
  schedule::civil_date since;         // the previous meeting's date (or 14 days before)
  std::string payload;                // the buttons' payload: "<fire id>|<person key>"
};

// "Tuesday 3 March, 8:15am".
std::string meeting_when(const schedule::local_time& t);

// The starters' message keys for this occurrence: two for the meeting's kind (or "other"),
// one for any meeting, turned each occurrence so consecutive weeks differ.
std::vector<std::string> starter_keys(const collab::content& words, const meetings::meeting& m,
                                      const schedule::local_time& occurrence);

core::message nudge_message(const nudge_inputs& in, const nudge_words& w);

}  // namespace commonsbot::nudges
