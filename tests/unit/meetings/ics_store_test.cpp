// apply_import: a calendar owns the meetings it brought, and only those.
#include "meetings/ics_store.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::meetings;

namespace {

const std::string src = "https://calendar.example/staff.ics";

meeting imported(std::string id, std::string name, int hour) {
  meeting m;
  m.id = std::move(id);
  m.tenant = "T1";
  m.name = std::move(name);
  m.kind = "other";
  m.school_terms_only = false;
  m.source = src;
  m.when.every = schedule::recurrence::cadence::dates;
  m.when.zone = "Pacific/Auckland";
  m.when.dates = {schedule::local_time{{2025, 3, 4}, hour, 15}};
  return m;
}

void put(test::memory_store& db, const meeting& m) {
  store::transaction t;
  t.put(std::string(collection), m.key(), nlohmann::json(m));
  REQUIRE(db.commit(t));
}

ics_result result_of(std::vector<meeting> ms) {
  ics_result r;
  r.parsed = true;
  r.meetings = std::move(ms);
  return r;
}

}  // namespace

TEST_CASE("a first import adds every meeting, the same import again changes nothing", "[meetings][ics]") {
  test::memory_store db;
  import_summary s;
  auto r = result_of({imported("ics-a", "Syndicate", 8), imported("ics-b", "Staff", 15)});
  auto txn = apply_import(db, "T1", src, r, &s);
  CHECK(s.added == std::vector<std::string>{"ics-a", "ics-b"});
  CHECK(to_text(s) == "2 added, 0 changed, 0 removed, 0 unchanged");
  REQUIRE(db.commit(txn));
  CHECK(db.get(collection, "T1/ics-a"));

  auto again = apply_import(db, "T1", src, r, &s);
  CHECK(again.empty());
  CHECK(s.nothing_to_do());
  CHECK(s.unchanged == 2);
}

TEST_CASE("a re-import updates changed series, removes gone ones, leaves other sources and tenants alone",
          "[meetings][ics]") {
  test::memory_store db;
  put(db, imported("ics-a", "Syndicate", 8));
  put(db, imported("ics-gone", "Old group", 9));
  auto mine = imported("m1", "Library team", 10);
  mine.source = "chat";
  put(db, mine);
  auto other = imported("ics-x", "Other calendar", 11);
  other.source = "https://other.example/cal.ics";
  put(db, other);
  auto elsewhere = imported("ics-gone", "Other school", 9);
  elsewhere.tenant = "T2";
  put(db, elsewhere);
  // What people set in chat on an imported meeting survives the re-import.
  {
    auto a = db.get(collection, "T1/ics-a")->get<meeting>();
    a.attendees = {"slack:U1"};
    a.kind = "syndicate";
    put(db, a);
  }

  import_summary s;
  auto txn = apply_import(db, "T1", src, result_of({imported("ics-a", "Syndicate", 9), imported("ics-new", "New", 14)}), &s);
  CHECK(s.changed == std::vector<std::string>{"ics-a"});
  CHECK(s.added == std::vector<std::string>{"ics-new"});
  CHECK(s.removed == std::vector<std::string>{"ics-gone"});
  REQUIRE(db.commit(txn));

  const auto a = db.get(collection, "T1/ics-a")->get<meeting>();
  CHECK(a.when.dates.front().hour == 9);
  CHECK(a.attendees == std::vector<std::string>{"slack:U1"});
  CHECK(a.kind == "syndicate");
  CHECK_FALSE(db.get(collection, "T1/ics-gone"));
  CHECK(db.get(collection, "T1/m1"));
  CHECK(db.get(collection, "T1/ics-x"));
  CHECK(db.get(collection, "T2/ics-gone"));
}

TEST_CASE("an import that could not be read changes nothing, even with meetings stored", "[meetings][ics]") {
  test::memory_store db;
  put(db, imported("ics-a", "Syndicate", 8));
  ics_result broken;
  broken.parsed = false;
  import_summary s;
  CHECK(apply_import(db, "T1", src, broken, &s).empty());
  CHECK(s.nothing_to_do());
}

TEST_CASE("a series another calendar already brought in is skipped, not taken over", "[meetings][ics]") {
  test::memory_store db;
  auto theirs = imported("ics-a", "Shared invite", 8);
  theirs.source = "https://other.example/cal.ics";
  put(db, theirs);
  import_summary s;
  auto txn = apply_import(db, "T1", src, result_of({imported("ics-a", "Shared invite", 8)}), &s);
  CHECK(txn.empty());
  REQUIRE(s.skipped.size() == 1);
  CHECK(s.skipped[0].find("other.example") != std::string::npos);
  CHECK(to_text(s).find("1 skipped") != std::string::npos);
}

TEST_CASE("a real import stored and imported again is unchanged", "[meetings][ics]") {
  const std::string text =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s@t\r\nSUMMARY:Syndicate\r\nLOCATION:Room 4\r\n"
      "DTSTART;TZID=Pacific/Auckland:20250302T081500\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  ics_options o;
  o.tenant = "T1";
  o.source = src;
  o.default_zone = "Pacific/Auckland";
  o.from = {2025, 1, 1};
  o.to = {2025, 12, 31};
  test::memory_store db;
  import_summary s;
  REQUIRE(db.commit(apply_import(db, "T1", src, import_meetings(text, o), &s)));
  CHECK(s.added.size() == 1);
  CHECK(apply_import(db, "T1", src, import_meetings(text, o), &s).empty());
  CHECK(s.unchanged == 1);
}
