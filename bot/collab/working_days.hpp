// Working days as people type them in /library profile ("Mon-Fri", "Mon, Tue, Thu",
// "weekdays") and as the bot shows them back. Nudges wait for someone's next working day,
// so a part-timer isn't pinged on their day off.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::people {

// ISO weekdays (1 = Monday ... 7 = Sunday), sorted, no repeats; nullopt when any piece is
// not a day or a range of days. Accepts short and full English names, ranges with '-' or
// "to", lists with commas, spaces or "and", and "weekdays" / "every day".
std::optional<std::vector<int>> parse_working_days(std::string_view text);

// "Mon-Fri", "Mon, Tue, Thu", "Mon-Wed, Fri"; empty days read as Monday to Friday.
std::string working_days_text(const std::vector<int>& days);

}  // namespace commonsbot::collab::people
