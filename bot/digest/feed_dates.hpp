// The dates feeds carry: RFC 822 in RSS pubDate ("Mon, 03 Mar 2025 09:30:00 +1300") and
// RFC 3339 / W3C-DTF in Atom and Dublin Core ("2025-03-03T09:30:00+13:00", "2025-03-03").
#pragma once

#include <string>
#include <string_view>

namespace commonsbot::digest::detail {

// "YYYY-MM-DD" for a date in either form (each tried in turn, since feeds mix them up), or
// empty when neither reads or the day does not exist.
//
// The day is the publisher's own calendar day, as written, not converted to UTC: an item a
// New Zealand library posts at 9 am on the 3rd (+13:00) is "3 March" to everyone who reads
// it, whereas UTC would call it the 2nd.
std::string feed_date(std::string_view text);

std::string rfc822_date(std::string_view text);
std::string rfc3339_date(std::string_view text);

}  // namespace commonsbot::digest::detail
