#include "nudges/meeting_input.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::nudges;

TEST_CASE("weekdays are read the ways people type them", "[nudges][meetings][input]") {
  CHECK(parse_weekdays("Tuesday").days == std::vector<int>{2});
  CHECK(parse_weekdays("Tuesdays").days == std::vector<int>{2});
  CHECK(parse_weekdays("Mon and Thu").days == std::vector<int>{1, 4});
  CHECK(parse_weekdays("every Monday, Wednesday & Friday").days == std::vector<int>{1, 3, 5});
  CHECK(parse_weekdays("thurs, tues").days == std::vector<int>{2, 4});
  CHECK(parse_weekdays("weekdays").days == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(parse_weekdays("Rāapa").days == std::vector<int>{3});
  CHECK(parse_weekdays("").days.empty());
  const auto bad = parse_weekdays("Tuesday and soon");
  CHECK(bad.bad == "soon");
  CHECK(parse_weekdays("mo").bad == "mo");
}

TEST_CASE("times of day are read in 12- and 24-hour forms", "[nudges][meetings][input]") {
  auto is = [](const char* text, int h, int m) {
    auto t = parse_clock_time(text);
    INFO(text);
    REQUIRE(t);
    CHECK(t->hour == h);
    CHECK(t->minute == m);
  };
  is("8:15am", 8, 15);
  is("8.15 am", 8, 15);
  is("8am", 8, 0);
  is("3pm", 15, 0);
  is("3:30 p.m.", 15, 30);
  is("12pm", 12, 0);
  is("12am", 0, 0);
  is("15:30", 15, 30);
  is("08:05", 8, 5);
  is("noon", 12, 0);
  for (const char* bad : {"8", "25:00", "8:61", "13pm", "0am", "soon", "8:5", "", "quarter past"}) {
    INFO(bad);
    CHECK_FALSE(parse_clock_time(bad));
  }
}

TEST_CASE("times are shown as a staffroom writes them", "[nudges][meetings][input]") {
  CHECK(show_clock_time(8, 15) == "8:15am");
  CHECK(show_clock_time(15, 0) == "3pm");
  CHECK(show_clock_time(12, 30) == "12:30pm");
  CHECK(show_clock_time(0, 5) == "12:05am");
}

TEST_CASE("yes and no in English and te reo", "[nudges][meetings][input]") {
  CHECK(parse_yes_no("Yes") == true);
  CHECK(parse_yes_no("ae") == true);
  CHECK(parse_yes_no("kāo") == false);
  CHECK(parse_yes_no("no") == false);
  CHECK_FALSE(parse_yes_no("maybe"));
}
