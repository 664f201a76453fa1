// Reading what people type after /library resources: search words mixed with filters, e.g.
// "volcanoes year 5", "eruptions years 5-6 area science", "y7 area "te reo"", "area maths".
// Pure functions, so the search flow and its tests read queries the same way.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::resources {

struct resource_query {
  std::string words;               // what to search for, with the filters taken out
  std::vector<int> years;          // 0 (new entrants) .. 13, sorted, no repeats
  std::vector<std::string> areas;  // canonical learning-area names (catalogue::canonical_area)
  std::string bad_filter;          // a filter that looked like one but wasn't readable ("year 14")

  bool has_filters() const { return !years.empty() || !areas.empty(); }
};

// Splits typed text into words, keeping a quoted phrase ("te reo", “visual arts”) as one.
std::vector<std::string> split_query(std::string_view text);

// Reads filters out of `words` (as split_query or the command's own word splitting gives
// them; a word with a space in it was quoted):
// - year levels: "year 5", "years 5-6", "years 5 and 6", "years 5 to 8", "y5", "yr7", "Year NE",
//   "year 5/6". A year word followed by something that is not a year stays a search word
//   ("year of the dragon"); one followed by a number outside 0-13 sets bad_filter.
// - learning areas: "area science", "area social sciences", "area te reo", "area "visual arts"".
//   Without quotes only the curriculum areas and their aliases are taken ("surface area year 7"
//   keeps "area" as a search word); quoted, any name is.
// Everything else is search words, in the order typed.
resource_query parse_resource_query(const std::vector<std::string>& words);
inline resource_query parse_resource_query(std::string_view text) { return parse_resource_query(split_query(text)); }

// An answer to "which year levels?": "5-8", "5, 6", "5 and 6", "Years 5 to 8", "NE-2", "y7".
// False (and `out` empty) if any part is not a year level.
bool parse_years_answer(std::string_view text, std::vector<int>& out);

// An answer to "which learning areas?": "science, maths and english", "te reo", "HPE". The
// curriculum areas and their aliases only; `bad` gets the first piece that names none (and
// the result is then empty).
std::vector<std::string> parse_areas(std::string_view text, std::string& bad);

// Year levels for people: [5,6,7,8] -> "5-8", [0,1,2,5] -> "NE-2, 5"; empty for none.
std::string years_text(const std::vector<int>& years);

// The query as session variables (q_words, q_years, q_areas) and back, so paging survives a
// restart.
void save_query(const resource_query& q, nlohmann::json& vars);
resource_query load_query(const nlohmann::json& vars);

}  // namespace commonsbot::collab::resources
