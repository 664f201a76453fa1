// Reading what people type when they add a meeting: the weekdays ("Tuesday", "Mon and Thu"),
// a time of day ("8:15am", "15:00") and yes/no answers, and writing times and days back in
// words. Pure functions, so the chat flow and its tests read answers the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::nudges {

struct weekdays_answer {
  std::vector<int> days;  // ISO 1 = Monday ... 7 = Sunday, sorted, no repeats
  std::string bad;        // the first word that isn't a day; empty if all were
};

// "Tuesday", "tues", "Mon and Thu", "Monday, Wednesday & Friday", "weekdays", "Rāapa".
// Plurals ("Tuesdays") and "every"/"on" are fine. Empty input gives no days.
weekdays_answer parse_weekdays(std::string_view text);

struct clock_time {
  int hour = 0;
  int minute = 0;
};

// "8:15am", "8.15 am", "8am", "3pm", "15:00", "08:15", "noon", "midday".
// nullopt for anything that isn't a real time of day.
std::optional<clock_time> parse_clock_time(std::string_view text);

// "8:15am", "3pm", "12:30pm": how a New Zealand staffroom writes a time.
std::string show_clock_time(int hour, int minute);

// yes/no words (as the confirm steps read them); nullopt for anything else.
std::optional<bool> parse_yes_no(std::string_view text);

}  // namespace commonsbot::nudges
