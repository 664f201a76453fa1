// RFC 822 and RFC 3339 dates as feeds write them, in several time zones.
#include "digest/feed_dates.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::digest::detail;

TEST_CASE("RFC 822 dates in RSS are read as the publisher's day", "[digest][dates]") {
  CHECK(rfc822_date("Mon, 03 Mar 2025 09:30:00 +1300") == "2025-03-03");
  CHECK(rfc822_date("Mon, 03 Mar 2025 00:30:00 +1300") == "2025-03-03");  // UTC would say the 2nd
  CHECK(rfc822_date("Sun, 02 Mar 2025 23:59:59 -0800") == "2025-03-02");  // UTC would say the 3rd
  CHECK(rfc822_date("Wed, 05 Feb 2025 08:00:00 GMT") == "2025-02-05");
  CHECK(rfc822_date("Wed, 05 Feb 2025 08:00:00 EST") == "2025-02-05");
  CHECK(rfc822_date("Wed, 05 Feb 2025 08:00 Z") == "2025-02-05");
  CHECK(rfc822_date("5 Feb 2025 08:00:00 +0000") == "2025-02-05");         // no day name
  CHECK(rfc822_date("Wednesday, 5 February 2025 08:00:00 NZDT") == "2025-02-05");
  CHECK(rfc822_date("Tue, 09 Sept 2025 10:00:00 +1200") == "2025-09-09");
  CHECK(rfc822_date("Thu, 01 Jan 98 00:00:00 GMT") == "1998-01-01");       // two-digit years
  CHECK(rfc822_date("Sat, 01 Jan 22 00:00:00 GMT") == "2022-01-01");
  CHECK(rfc822_date("Thu, 29 Feb 2024 12:00:00 +1300") == "2024-02-29");
  CHECK(rfc822_date("Sat, 03 Mar 2025") == "2025-03-03");                   // no time
  CHECK(rfc822_date("  mon,03 mar 2025 09:30:00 +1300 ") == "2025-03-03");
}

TEST_CASE("RFC 822 dates that do not exist or do not read are empty", "[digest][dates]") {
  CHECK(rfc822_date("Sat, 29 Feb 2025 12:00:00 GMT").empty());
  CHECK(rfc822_date("Mon, 31 Apr 2025 12:00:00 GMT").empty());
  CHECK(rfc822_date("Mon, 03 Foo 2025 09:30:00 +1300").empty());
  CHECK(rfc822_date("Mon, 03 Mar 2025 noon").empty());
  CHECK(rfc822_date("Mon, 003 Mar 2025").empty());
  CHECK(rfc822_date("03/03/2025").empty());
  CHECK(rfc822_date("").empty());
  CHECK(rfc822_date("sometime last week").empty());
}

TEST_CASE("RFC 3339 and W3C-DTF dates in Atom and Dublin Core", "[digest][dates]") {
  CHECK(rfc3339_date("2025-03-03T09:30:00+13:00") == "2025-03-03");
  CHECK(rfc3339_date("2025-03-02T20:30:00Z") == "2025-03-02");
  CHECK(rfc3339_date("2025-02-27T22:15:00-05:00") == "2025-02-27");
  CHECK(rfc3339_date("2025-03-03t09:30:00.123456-05:00") == "2025-03-03");
  CHECK(rfc3339_date("2025-03-03 09:30:00") == "2025-03-03");
  CHECK(rfc3339_date("2025-03-03T09:30+13:00") == "2025-03-03");
  CHECK(rfc3339_date(" 2025-03-03 ") == "2025-03-03");
  CHECK(rfc3339_date("2024-02-29") == "2024-02-29");
  CHECK(rfc3339_date("2025-02-29").empty());
  CHECK(rfc3339_date("2025-13-01T00:00:00Z").empty());
  CHECK(rfc3339_date("2025-03").empty());  // no day to show
  CHECK(rfc3339_date("2025").empty());
  CHECK(rfc3339_date("2025-03-03X09:30").empty());
  CHECK(rfc3339_date("2025-3-3").empty());
  CHECK(rfc3339_date("Mon, 03 Mar 2025 09:30:00 +1300").empty());
}

TEST_CASE("feed dates are read in either form, whichever field they are in", "[digest][dates]") {
  CHECK(feed_date("Mon, 03 Mar 2025 09:30:00 +1300") == "2025-03-03");
  CHECK(feed_date("2025-03-03T09:30:00+13:00") == "2025-03-03");  // ISO in an RSS pubDate
  CHECK(feed_date("tomorrow").empty());
}
