// Reading resource lists that people bring: a CSV exported from a spreadsheet or library
// system, or a JSON array. Never throws on bad input: every problem is reported with its row
// (spreadsheet numbering, header = row 1) or JSON pointer, bad rows are skipped, and good
// rows still come through.
//
// CSV columns (header row, any order, case-insensitive): title, link, description,
// learning_areas, year_levels, format, keywords, date_added. title and link are required.
// List cells separate items with ';'. Year levels: "5;6", ranges "5-8", "Y7", "NE" (0).
// JSON: an array of objects with the same field names (lists may be arrays or ';' strings),
// or an object whose "resources" member is such an array.
#pragma once

#include "catalogue/resource.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::catalogue {

// Larger inputs are refused whole: 16 MiB is about 50,000 rows with long descriptions, far
// more than a school library holds, and small enough to parse in memory on a small server.
inline constexpr std::size_t max_import_bytes = 16u << 20;

// Resources are normalised (normalise()) and valid (validate()); rows sharing a link (and so
// an id) keep the last one, with a warning.
std::vector<resource> parse_csv(std::string_view text, problem_list& problems);
std::vector<resource> parse_json(std::string_view text, problem_list& problems);

// Reads `path` (checking its size before reading it) and parses it as JSON when the name
// ends in ".json", otherwise as CSV. Problems name the file when the whole file is refused.
std::vector<resource> import_file(const std::filesystem::path& path, problem_list& problems);

// "5;6", "5-8", "Y7, Y8", "NE;1;2" -> sorted year levels. False, with `error` saying which
// part is wrong, if any part is not a year level 0-13 or a range of them.
bool parse_year_levels(std::string_view text, std::vector<int>& out, std::string& error);

}  // namespace commonsbot::catalogue
