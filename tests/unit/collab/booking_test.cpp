// /library book and /library bookings: reading dates and times, the booking record and its
// ids, and the whole exchange between a teacher and the library team.
#include "collab/booking.hpp"
#include "collab/booking_dates.hpp"
#include "collab/record_ids.hpp"
#include "people_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::collab;
using namespace commonsbot::collab::people;
using commonsbot::test::people_area::has;
using commonsbot::test::people_area::people_fixture;

namespace {

const long long monday = days_from_civil({2025, 3, 10});

std::string date(std::string_view typed) {
  auto got = parse_visit_date(typed, monday);
  return got.date ? iso(*got.date) : got.problem;
}

// Walks a teacher through /library book up to the confirm question.
std::string book_until_confirm(people_fixture& f, const std::string& who) {
  f.say(who, "/library book");
  f.say(who, "friday");
  f.say(who, "period 3");
  f.say(who, "5");
  f.say(who, "5R");
  f.say(who, "find two reliable sources on native birds for their inquiry");
  f.say(who, "https://docs.example/birds-plan");
  return f.say(who, "non-fiction on native birds, 6 laptops");
}

}  // namespace

TEST_CASE("calendar arithmetic", "[booking]") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(civil_from_days(monday) == civil_date{2025, 3, 10});
  CHECK(weekday(monday) == 1);
  CHECK(weekday(0) == 4);  // 1 January 1970 was a Thursday
  CHECK(civil_from_days(days_from_civil({2024, 2, 29})) == civil_date{2024, 2, 29});
  CHECK(parse_iso_date("2025-02-29") == std::nullopt);
  CHECK(iso({2025, 3, 4}) == "2025-03-04");
  // 2025-03-10 01:00 UTC is already the afternoon in Auckland, still the 9th in New York.
  CHECK(local_day(test::people_area::monday_ms, 0) == monday);
  CHECK(local_day(test::people_area::monday_ms, 13 * 3600) == monday);
  CHECK(local_day(test::people_area::monday_ms, -5 * 3600) == monday - 1);
}

TEST_CASE("visit dates are read as New Zealand teachers type them", "[booking]") {
  CHECK(date("today") == "2025-03-10");
  CHECK(date("Tomorrow") == "2025-03-11");
  CHECK(date("friday") == "2025-03-14");
  CHECK(date("Fri") == "2025-03-14");
  CHECK(date("monday") == "2025-03-10");
  CHECK(date("next monday") == "2025-03-17");
  CHECK(date("14/3") == "2025-03-14");
  CHECK(date("14/03/2025") == "2025-03-14");
  CHECK(date("14.3.25") == "2025-03-14");
  CHECK(date("14 March") == "2025-03-14");
  CHECK(date("March 14") == "2025-03-14");
  CHECK(date("Friday 14th Mar") == "2025-03-14");
  CHECK(date("2025-04-01") == "2025-04-01");
  CHECK(date("1/3") == "2026-03-01");  // gone this year: next year's
  CHECK(date("31/2") == "no_such_day");
  CHECK(date("2025-03-01") == "past");
  CHECK(date("1/3/2025") == "past");
  CHECK(date("2027-01-01") == "too_far");
  CHECK(date("soon") == "not_a_date");
  CHECK(date("14/13") == "not_a_date");
  CHECK(date("") == "not_a_date");
}

TEST_CASE("visit times: clock times, ranges and school periods", "[booking]") {
  CHECK(parse_visit_time("10:30") == "10:30");
  CHECK(parse_visit_time("10.30am") == "10:30");
  CHECK(parse_visit_time("1:15 pm") == "13:15");
  CHECK(parse_visit_time("12pm") == "12:00");
  CHECK(parse_visit_time("9") == "09:00");
  CHECK(parse_visit_time("2") == "14:00");
  CHECK(parse_visit_time("9-10am") == "09:00-10:00");
  CHECK(parse_visit_time("1.15 to 2pm") == "13:15-14:00");
  CHECK(parse_visit_time("Period 3") == "period 3");
  CHECK(parse_visit_time("p5") == "period 5");
  CHECK(parse_visit_time("block 2") == "block 2");
  CHECK(parse_visit_time("Lunch") == "lunchtime");
  CHECK(parse_visit_time("morning tea") == "morning tea");
  CHECK_FALSE(parse_visit_time("25:00"));
  CHECK_FALSE(parse_visit_time("10:3"));
  CHECK_FALSE(parse_visit_time("11-10"));
  CHECK_FALSE(parse_visit_time("period 40"));
  CHECK_FALSE(parse_visit_time("whenever"));
}

TEST_CASE("booking records round-trip and ids count up per school", "[booking]") {
  booking b;
  b.id = "b4";
  b.tenant = "school";
  b.status = booking_status::talk;
  b.purpose = "inquiry";
  nlohmann::json j = b;
  CHECK(j["status"] == "talk");
  CHECK(j.get<booking>() == b);
  CHECK(nlohmann::json::object().get<booking>().status == booking_status::requested);

  test::memory_store db;
  test::collab_test::store_view view(db);
  store::transaction t1;
  CHECK(take_id(view, "school", bookings_collection, "b", t1) == "b1");
  db.commit(std::move(t1));
  store::transaction t2;
  CHECK(take_id(view, "school", bookings_collection, "b", t2) == "b2");
  store::transaction t3;
  CHECK(take_id(view, "other", bookings_collection, "b", t3) == "b1");
}

TEST_CASE("a teacher books, every library staff member gets the card, one answers", "[booking]") {
  people_fixture f;
  f.add_person("Mere", core::role::teacher);
  f.add_person("Aroha", core::role::library_staff);
  f.add_person("Rawiri", core::role::library_staff, "en-GB");
  f.add_person("Tama", core::role::leader);

  auto out = book_until_confirm(f, "Mere");
  CHECK(has(out, "Here's your booking:"));
  CHECK(has(out, "• When: Friday 14 March, period 3"));
  CHECK(has(out, "• Class: Year 5 5R"));
  CHECK(has(out, "• Lesson plan: https://docs.example/birds-plan"));
  CHECK(has(out, "Send it to the library team?"));
  out = f.say("Mere", "yes");
  CHECK(has(out, "Sent to the library team (b1)."));
  CHECK_FALSE(f.in_flow("Mere"));

  auto stored = find_booking(f.view, "school", "b1");
  REQUIRE(stored);
  CHECK(stored->date == "2025-03-14");
  CHECK(stored->time == "period 3");
  CHECK(stored->teacher == "console:mere");
  CHECK(stored->needs == "non-fiction on native birds, 6 laptops");
  CHECK(stored->status == booking_status::requested);

  REQUIRE(f.inbox["aroha"].size() == 1);
  REQUIRE(f.inbox["rawiri"].size() == 1);
  CHECK(f.inbox["tama"].empty());
  const core::message& card = f.inbox["aroha"][0];
  CHECK(card.text == "New library booking from Mere (b1):");
  REQUIRE(card.choices.size() == 2);
  CHECK(card.choices[0].id == "do:bookings.answer|b1/ready");
  CHECK(card.choices[1].id == "do:bookings.answer|b1/talk");
  CHECK(has(core::plain_text(card), "Purpose: find two reliable sources"));

  out = f.say("Aroha", "", card.choices[0].id);
  CHECK(has(out, "Thanks! I've let Mere know you're ready for b1."));
  stored = find_booking(f.view, "school", "b1");
  CHECK(stored->status == booking_status::ready);
  CHECK(stored->answered_by == "console:aroha");
  CHECK(stored->answered_ms == f.now_ms);
  REQUIRE(f.inbox["mere"].size() == 1);
  CHECK(f.inbox["mere"][0].text == "Good news, Mere: Aroha is ready for your library visit on Friday 14 March, period 3 (Year 5 5R, b1).");

  // Pressing it again changes nothing; a teacher pressing it (a forwarded card) is turned
  // away: the button is library staff's.
  out = f.say("Aroha", "", card.choices[0].id);
  CHECK(has(out, "You've already given that answer for b1."));
  out = f.say("Mere", "", card.choices[1].id);
  CHECK(has(out, "That button isn't available to you."));
  CHECK(find_booking(f.view, "school", "b1")->status == booking_status::ready);
  CHECK(f.inbox["mere"].size() == 1);
}

TEST_CASE("library staff see upcoming bookings and answer from the list", "[booking]") {
  people_fixture f;
  f.add_person("Mere", core::role::teacher);
  f.add_person("Aroha", core::role::library_staff);
  book_until_confirm(f, "Mere");
  f.say("Mere", "yes");
  // One from last week, which is no longer upcoming.
  booking old;
  old.id = "b0";
  old.tenant = "school";
  old.date = "2025-03-03";
  old.purpose = "last week's visit";
  store::transaction t;
  t.put(std::string(bookings_collection), old.key(), old);
  f.db.commit(std::move(t));

  auto out = f.say("Aroha", "/library bookings");
  CHECK(has(out, "Upcoming library bookings (1):"));
  CHECK(has(out, "b1 · Friday 14 March, period 3"));
  CHECK(has(out, "Status: waiting for an answer"));
  CHECK(has(out, "Resource needs: non-fiction on native birds"));
  CHECK_FALSE(has(out, "last week's visit"));
  CHECK(has(out, "Would you like to answer one?"));
  out = f.say("Aroha", "1");
  CHECK(has(out, "What's your answer?"));
  out = f.say("Aroha", "maybe");
  CHECK(has(out, "Please pick one of the options"));
  out = f.say("Aroha", "2");
  CHECK(has(out, "I've let Mere know you'd like a chat about b1 first."));
  CHECK(find_booking(f.view, "school", "b1")->status == booking_status::talk);
  REQUIRE(f.inbox["mere"].size() == 1);
  CHECK(has(f.inbox["mere"][0].text, "Aroha would like a quick chat about your library visit on Friday 14 March"));

  out = f.say("Aroha", "/library bookings");
  CHECK(has(out, "Status: Aroha would like to talk first"));
  out = f.say("Aroha", "not now");
  CHECK(has(out, "Type /library bookings any time"));
}

TEST_CASE("today is the reader's today", "[booking]") {
  people_fixture f;
  f.add_person("Aroha", core::role::library_staff);
  booking sunday;
  sunday.id = "b9";
  sunday.tenant = "school";
  sunday.date = "2025-03-09";
  sunday.purpose = "Sunday in New York";
  store::transaction t;
  t.put(std::string(bookings_collection), sunday.key(), sunday);
  f.db.commit(std::move(t));
  // UTC (no zone): it is Monday, so Sunday's booking is past.
  CHECK(has(f.say("Aroha", "/library bookings"), "There are no upcoming library bookings."));
  f.say("Aroha", "/library profile zone America/New_York");
  f.say("Aroha", "done");
  CHECK(has(f.say("Aroha", "/library bookings"), "Sunday in New York"));
}

TEST_CASE("booking refusals, bad answers re-asked with hints, back and cancel", "[booking]") {
  people_fixture f;
  f.add_person("Mere", core::role::teacher);
  f.add_person("Aroha", core::role::library_staff);
  CHECK(has(f.say("Aroha", "/library book"), "/library book is for teacher. You're set up as library staff"));
  CHECK(has(f.say("Mere", "/library bookings"), "/library bookings is for library staff. You're set up as teacher"));

  auto out = f.say("Mere", "/library book");
  CHECK(has(out, "Let's book the library."));
  CHECK(has(out, "What day would you like to come?"));
  out = f.say("Mere", "1/3/2025");
  CHECK(has(out, "That date has already gone by. Try a day like Friday"));
  out = f.say("Mere", "someday");
  CHECK(has(out, "I couldn't read \"someday\" as a date."));
  out = f.say("Mere", "14/3");
  CHECK(has(out, "What time, or which period?"));
  out = f.say("Mere", "back");
  CHECK(has(out, "What day would you like to come?"));
  f.say("Mere", "14/3");
  out = f.say("Mere", "half ten");
  CHECK(has(out, "I couldn't read \"half ten\" as a time. For example: 10:30"));
  out = f.say("Mere", "p2");
  CHECK(has(out, "Which year level is the class?"));
  out = f.say("Mere", "Year 15");
  CHECK(has(out, "\"Year 15\" isn't a year level I know. A year from 1 to 13"));
  f.say("Mere", "NE");
  f.say("Mere", "Room 1");
  out = f.say("Mere", "books");
  CHECK(has(out, "That's a bit short"));
  f.say("Mere", "choose a picture book to share with a buddy");
  f.say("Mere", "skip");
  out = f.say("Mere", "skip");
  CHECK(has(out, "• When: Friday 14 March, period 2"));
  CHECK(has(out, "• Class: New entrants Room 1"));
  CHECK(has(out, "• Lesson plan: none given"));
  out = f.say("Mere", "perhaps");
  CHECK(has(out, "Please answer yes or no."));
  out = f.say("Mere", "no");
  CHECK(has(out, "I haven't sent anything"));
  CHECK_FALSE(find_booking(f.view, "school", "b1"));
  CHECK(f.inbox["aroha"].empty());

  f.say("Mere", "/library book");
  out = f.say("Mere", "cancel");
  CHECK(has(out, "No worries, I've stopped there. Start again any time with /library book."));
}

TEST_CASE("a booking with no library staff yet is kept and says so", "[booking]") {
  people_fixture f;
  f.add_person("Mere", core::role::teacher);
  book_until_confirm(f, "Mere");
  auto out = f.say("Mere", "yes");
  CHECK(has(out, "Saved as b1, but nobody is set up as library staff yet"));
  CHECK(find_booking(f.view, "school", "b1"));
}
