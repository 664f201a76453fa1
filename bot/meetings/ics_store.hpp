// Putting an iCalendar import into the store: the calendar owns the meetings it brought
// (same `source`), so a re-import adds new series, updates changed ones and removes the
// ones the calendar no longer has, and never touches meetings from chat, the config or
// another calendar. What people added in chat to an imported meeting (its group, attendees,
// nudge rules, kind) is kept: the calendar only owns its name, times, length and place.
#pragma once

#include "meetings/ics_import.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::meetings {

struct import_summary {
  std::vector<std::string> added, changed, removed;  // meeting ids
  std::size_t unchanged = 0;
  std::vector<std::string> skipped;  // words: ids another calendar already brought in
  bool nothing_to_do() const { return added.empty() && changed.empty() && removed.empty(); }
};

// The writes that make the stored meetings of (tenant, source) match `r`. Empty when `r`
// was not parsed: a calendar that could not be read must not empty the meetings list.
store::transaction apply_import(const store::store& db, std::string_view tenant, std::string_view source,
                                const ics_result& r, import_summary* summary = nullptr);

// "2 added, 1 changed, 0 removed, 5 unchanged" for the CLI and logs.
std::string to_text(const import_summary& s);

}  // namespace commonsbot::meetings
