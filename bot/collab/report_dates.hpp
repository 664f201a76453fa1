// Dates for the evidence: the day something happened, school terms, and the periods a
// report covers. Everything is a plain "YYYY-MM-DD" string (it sorts as text) or a day
// number, computed without the system's time-zone files, so actions stay pure.
//
// Dates are New Zealand dates (NZST, or NZDT in summer): the bot is built for NZ schools
// and GCC 12 has no time-zone database in <chrono>.
#pragma once

#include "collab/dates.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::collab {

// The New Zealand date of an instant (ms since the epoch).
std::string nz_date(long long epoch_ms);

// "2025-02-03" -> the same text, if it is a real date; nullopt otherwise.
std::optional<std::string> parse_date(std::string_view text);

struct period {
  std::string from;   // first day, inclusive
  std::string to;     // last day, inclusive
  int term = 0;       // 1-4 for a school term, else 0
  int year = 0;       // the term's year, or the whole year's; 0 for two dates

  bool contains(std::string_view date) const { return !date.empty() && from <= date && date <= to; }
  // True if [start, end] (either may be empty: then it is the other) overlaps this period.
  bool overlaps(std::string_view start, std::string_view end) const;
};

// The default NZ school terms, widened to cover the holidays after them so that nothing
// done in a break is lost: Term 1 Feb–Apr, Term 2 May to mid-July, Term 3 mid-July to
// September, Term 4 October–December. January (the summer break) counts as Term 1.
period school_term(int year, int term);
// The term `date` falls in.
period term_of(std::string_view date);

// Reads what someone typed after /library report: nothing (this term), "term 2", "2",
// "t2", "term 2 2024", "2024", or two dates "2025-02-03 2025-04-11". `today` is a
// YYYY-MM-DD date. Returns nullopt if it makes no sense; `why` then names the message key
// that explains.
std::optional<period> parse_period(std::string_view text, std::string_view today, std::string& why);

}  // namespace commonsbot::collab
