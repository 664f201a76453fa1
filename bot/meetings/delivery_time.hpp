// When a nudge may reach a person: their preferences against the moment it fires. Pure.
//
//   opted out                       -> skip ("nudges_off")
//   paused through that local date  -> skip ("paused")
//   not one of their working days   -> defer to their next working day at the end of quiet
//                                      hours (08:00 without quiet hours)
//   inside their quiet hours        -> defer to the end of the window
//   a deferral that would land at or after the meeting starts -> skip ("after_meeting")
#pragma once

#include "core/person.hpp"

#include <string>

namespace commonsbot::meetings {

struct delivery_time {
  enum class verdict { send, defer, skip };
  verdict what = verdict::send;
  long long at_ms = 0;  // send: the fire time; defer: when it may go
  std::string reason;   // defer / skip: a word for the record and the log
};

// `zone_name` is the person's zone (their profile, else the meeting's).
delivery_time when_to_deliver(const core::nudge_preferences& prefs, const std::string& zone_name, long long fire_ms,
                              long long meeting_ms);

}  // namespace commonsbot::meetings
