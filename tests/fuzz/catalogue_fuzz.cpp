// Resource lists that library staff import: CSV from a spreadsheet or library system, and
// JSON, with year-level ranges and ';' lists (tests/fuzz/README.md). Input: one mode byte
// (even: CSV, odd: JSON), then the file's text.
#include "fuzz_input.hpp"

#include "catalogue/import.hpp"

#include <algorithm>
#include <cstdlib>

namespace catalogue = commonsbot::catalogue;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const bool json = in.byte() & 1;
  catalogue::problem_list problems;
  const auto resources = json ? catalogue::parse_json(in.rest(), problems) : catalogue::parse_csv(in.rest(), problems);
  // Every resource that comes through is valid: a title and a web link (the scheme in any
  // case, as URLs allow).
  for (const auto& r : resources) {
    if (r.title.empty() || !fuzz::is_web_link(r.link)) std::abort();
    if (!std::is_sorted(r.year_levels.begin(), r.year_levels.end())) std::abort();
    for (const int y : r.year_levels)
      if (y < 0 || y > 13) std::abort();
  }
  std::vector<int> years;
  std::string error;
  catalogue::parse_year_levels(in.rest().substr(0, 64), years, error);
  for (const int y : years)
    if (y < 0 || y > 13) std::abort();
  return 0;
}
