// Dates in the planning flow. People type dates the way they say them, so besides
// "2025-03-03" this reads "3 March", "Mon 3 Mar 2025" and "March 3rd". Forms that can't be
// read without guessing ("3/4" is March in Auckland and April in Ohio; "week 4" depends on
// the school's term dates) are refused, and the hint asks for YYYY-MM-DD instead.
#pragma once

#include "collab/dates.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::collab {

// A day as yyyymmdd (20250303), the form the comparisons below use.
using day_number = int;

// The UTC calendar day of `epoch_ms`. A day out near midnight in Aotearoa only matters for
// guessing the year of "3 March", where it makes no difference.
day_number day_of(long long epoch_ms);

// "YYYY-MM-DD" for a day number.
std::string iso_date(day_number d);

// Reads `text` as a date. Without a year, picks the year that puts the date on or after
// `not_before` (when given, e.g. the start date for an end date), otherwise the one that
// is not months in the past relative to `today`. nullopt if it is not a date I can read.
std::optional<day_number> read_date(std::string_view text, day_number today, day_number not_before = 0);

// Days from `a` to `b` (negative if b is earlier).
long long days_between(day_number a, day_number b);

// "2025-03-03" -> "3 March 2025"; anything else is returned as it is.
std::string show_date(std::string_view iso);

}  // namespace commonsbot::collab
