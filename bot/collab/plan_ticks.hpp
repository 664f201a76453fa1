// Ticking a plan's checklist: the one rule both the checkbox on the card and the typed
// "2 5" on the console follow. Pure: it changes the plan it is given and says what changed.
#pragma once

#include "collab/plan.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

struct tick_change {
  std::string item;       // the checklist item id
  bool ticked = false;    // true: ticked now; false: unticked
  std::size_t count = 0;  // items ticked after this change
};

struct tick_result {
  std::vector<tick_change> changes;
  bool completed = false;  // this tick finished the checklist (status is now completed)
  bool reopened = false;   // an untick took a completed plan back to open
};

// Toggles each of `items` (ids on p's checklist; unknown ids are ignored) as `by` at
// `now_ms`: a tick records who and when, an untick clears both. Updates updated_ms and the
// status (open <-> completed; a reflected plan stays reflected).
tick_result toggle_items(plan& p, const std::vector<std::string>& items, std::string_view by, long long now_ms);

// The checklist ids picked by "1 3" or "1, 3" (1-based, p's order); empty if any word is not
// a number from 1 to the checklist's size.
std::vector<std::string> items_by_number(const plan& p, std::string_view text);

}  // namespace commonsbot::collab
