// Text for Teams: escaping user text for the Markdown subset Adaptive Card TextBlocks and
// facts render, the one-line summary every activity carries, and splitting long text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::teams {

inline constexpr std::size_t max_summary_chars = 200;

// Escapes `s` so a TextBlock or fact shows it literally: a backslash before \ * _ ` [ ] < >
// & ~ anywhere, and before what would start a list, heading or setext underline at a line's
// start (- + = # and the '.' or ')' of "1." / "1)"); "{{" is broken so Teams' {{DATE()}}
// functions do not fire; leading spaces become no-break spaces (not a code block); a line
// break between two lines becomes a hard break, blank lines stay paragraph breaks. These are
// CommonMark backslash escapes, as Teams desktop, web and current mobile clients render them
// (mobile clients before 2024 showed some backslashes).
std::string escape_markdown(std::string_view s);

// `plain` on one line (whitespace runs and control characters as one space), at most
// max_summary_chars code points, cut at a word with "…". Never empty.
std::string summary_text(std::string_view plain);

// `s` in pieces of at most `max_chars` code points, preferring line then word breaks, never
// inside a UTF-8 sequence. Joined, the pieces are `s`.
std::vector<std::string> split_text(std::string_view s, std::size_t max_chars);

}  // namespace commonsbot::adapters::teams
