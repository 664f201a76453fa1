// Feed refreshes in the serve loop: due only after the period, conditional on the stored
// ETag, imported meetings owned by the feed, and a failure that keeps what was there.
#include "meetings/meeting.hpp"
#include "support/memory_store.hpp"
#include "unit/schedule/utc.hpp"
#include "workers/calendar_feeds.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using test::utc;

namespace {

constexpr const char* weekly_ics =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:syndicate-1@school.nz\r\nSUMMARY:Years 5-6 syndicate\r\n"
    "DTSTART;TZID=Pacific/Auckland:20270202T081500\r\nDTEND;TZID=Pacific/Auckland:20270202T091500\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

}  // namespace

TEST_CASE("a calendar feed is fetched when due, conditionally, and a failure keeps its meetings", "[calendar_feeds]") {
  test::memory_store db;
  std::vector<fetch::request> asked;
  fetch::result next;
  workers::calendar_feeds feeds(db, [&](const fetch::request& r) {
    asked.push_back(r);
    return next;
  });
  workers::tenant_schedule t;
  t.id = "T1";
  t.time_zone = "Pacific/Auckland";
  t.feeds = {{"https://calendar.school.nz/staff.ics", 60, ""}};
  const long long now = utc(2027, 1, 20, 0, 0);

  next.what = fetch::result::outcome::fetched;
  next.body = weekly_ics;
  next.etag = "\"v1\"";
  CHECK(feeds.refresh_due({t}, now) == std::set<std::string>{"T1"});
  const auto stored = db.scan(meetings::collection, "T1/");
  REQUIRE(stored.size() == 1);
  CHECK(stored.front().second["source"] == "https://calendar.school.nz/staff.ics");

  CHECK(feeds.refresh_due({t}, now + 30 * 60'000).empty());  // not due yet
  CHECK(asked.size() == 1);

  next = {};
  next.what = fetch::result::outcome::not_modified;
  CHECK(feeds.refresh_due({t}, now + 61 * 60'000).empty());
  REQUIRE(asked.size() == 2);
  CHECK(asked.back().etag == "\"v1\"");

  next = {};
  next.what = fetch::result::outcome::failed;
  next.error = "could not reach calendar.school.nz: timed out after 20 s";
  CHECK(feeds.refresh_due({t}, now + 122 * 60'000).empty());
  CHECK(db.scan(meetings::collection, "T1/").size() == 1);
  const auto record = db.get(workers::calendar_feeds_collection, workers::calendar_feeds::key("T1", t.feeds[0].url));
  REQUIRE(record);
  CHECK((*record)["error"] == next.error);

  next = {};
  next.what = fetch::result::outcome::fetched;
  next.body = "<html>Moved</html>";  // not iCalendar: nothing removed
  CHECK(feeds.refresh_due({t}, now + 183 * 60'000).empty());
  CHECK(db.scan(meetings::collection, "T1/").size() == 1);
}
