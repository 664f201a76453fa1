// Reading the lists people type in the planning flow: learning areas ("Science and
// English") and year levels ("5-6", "Year 7, 8", "NE").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

// "Science, English and Maths" -> {"Science", "English", "Maths"}: split on commas,
// semicolons, slashes, " and " and "&"; trimmed; empty pieces dropped.
std::vector<std::string> split_spoken_list(std::string_view text);

// The learning areas in `text`, each as its curriculum name where known ("maths" ->
// "Mathematics and Statistics"), without repeats.
std::vector<std::string> read_areas(std::string_view text);

struct year_levels {
  std::vector<std::string> shown;  // as the plan keeps them: "NE", "5", "7-8"
  std::vector<int> numbers;        // every year covered, 0 (new entrant) to 13, sorted
  std::string bad;                 // the first word that isn't a year level, if any
};

// Reads "5", "Y5", "Year 5", "5-6", "5 to 6", "Years 7 & 8", "NE" or "new entrants".
// `bad` is set (and the rest may be partial) when a word can't be read.
year_levels read_years(std::string_view text);

// The years covered by levels a plan keeps ({"5-6", "NE"} -> {0, 5, 6}).
std::vector<int> year_numbers(const std::vector<std::string>& shown);

// "a, b and c" (with `and` in the reader's language).
std::string join_names(const std::vector<std::string>& names, std::string_view and_word);

}  // namespace commonsbot::collab
