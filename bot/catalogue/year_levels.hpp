// What a year level is, for everything that reads one: catalogue imports, the planning flow,
// profiles and bookings. Each reader keeps its own list grammar (separators, filler words,
// how it reports a bad piece); the levels themselves are read and shown here, once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::catalogue {

// "ne" (new entrants) -> 0, "5" -> 5; nullopt unless a year min_year..max_year. `word` is
// lower case and trimmed.
std::optional<int> year_number(std::string_view word);

// "NE" for new entrants, else the number.
std::string year_label(int year);
// "5" when `from` == `to`, else "5-6" or "NE-2".
std::string year_label(int from, int to);

}  // namespace commonsbot::catalogue
