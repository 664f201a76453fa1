// Reading what people type while planning: dates, year levels, learning areas, mentions.
#include "collab/plan_dates.hpp"
#include "collab/plan_input.hpp"
#include "collab/plan_people.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::collab;

TEST_CASE("dates: ISO and the ways people say them", "[collab][plans]") {
  const day_number today = 20250210;
  CHECK(read_date("2025-03-03", today) == 20250303);
  CHECK(read_date("2025-3-3", today) == 20250303);
  CHECK(read_date("3 March", today) == 20250303);
  CHECK(read_date("3 mar", today) == 20250303);
  CHECK(read_date("March 3rd", today) == 20250303);
  CHECK(read_date("Mon 3 March 2025", today) == 20250303);
  CHECK(read_date("the 21st of July", today) == 20250721);
  CHECK(read_date("3 Sept 2026", today) == 20260903);
  CHECK(read_date("  3 March, 2025 ", today) == 20250303);
}

TEST_CASE("dates: forms that would need a guess are refused", "[collab][plans]") {
  const day_number today = 20250210;
  for (const char* text : {"3/4", "3/4/2025", "week 4", "next tuesday", "31 April", "2025-02-29", "2025-13-01",
                           "March", "3", "tomorrow", "3 March 25", ""}) {
    INFO(text);
    CHECK_FALSE(read_date(text, today));
  }
}

TEST_CASE("dates: a date without a year is the next sensible one", "[collab][plans]") {
  // In November, February means next year; a date a few weeks back stays this year.
  CHECK(read_date("3 February", 20251120) == 20260203);
  CHECK(read_date("1 November", 20251120) == 20251101);
  // An end date is on or after its start.
  CHECK(read_date("10 January", 20251120, 20251201) == 20260110);
  CHECK(read_date("5 December", 20251120, 20251201) == 20251205);
  // 29 February waits for a leap year.
  CHECK(read_date("29 February", 20250210) == 20280229);
}

TEST_CASE("dates: shown in words, and days counted between", "[collab][plans]") {
  CHECK(show_date("2025-03-03") == "3 March 2025");
  CHECK(show_date("soon") == "soon");
  CHECK(iso_date(20250303) == "2025-03-03");
  CHECK(day_of(1739149200000LL) == 20250210);
  CHECK(day_of(0) == 19700101);
  CHECK(days_between(20250228, 20250301) == 1);
  CHECK(days_between(20241231, 20250101) == 1);
  CHECK(days_between(20250303, 20260302) == 364);
}

TEST_CASE("year levels: numbers, ranges, prefixes and new entrants", "[collab][plans]") {
  auto y = read_years("Year 5-6, 7");
  CHECK(y.bad.empty());
  CHECK(y.shown == std::vector<std::string>{"5-6", "7"});
  CHECK(y.numbers == std::vector<int>{5, 6, 7});

  CHECK(read_years("Y7 and Y8").shown == std::vector<std::string>{"7", "8"});
  CHECK(read_years("years 9 to 10").shown == std::vector<std::string>{"9-10"});
  CHECK(read_years("NE, 1").numbers == std::vector<int>{0, 1});
  CHECK(read_years("new entrants").shown == std::vector<std::string>{"NE"});
  CHECK(read_years("5 \xE2\x80\x93 6").shown == std::vector<std::string>{"5-6"});
  CHECK(read_years("5 5").shown == std::vector<std::string>{"5"});

  CHECK(read_years("14").bad == "14");
  CHECK(read_years("6-5").bad == "6-5");
  CHECK(read_years("seniors").bad == "seniors");
  CHECK(read_years("").shown.empty());
  CHECK(year_numbers({"5-6", "NE"}) == std::vector<int>{0, 5, 6});
}

TEST_CASE("learning areas: split, named as the curriculum does, no repeats", "[collab][plans]") {
  CHECK(split_spoken_list("Science, English and Maths") == std::vector<std::string>{"Science", "English", "Maths"});
  CHECK(split_spoken_list("Standards; arts & crafts") == std::vector<std::string>{"Standards", "arts", "crafts"});
  const auto areas = read_areas("science and Science, maths");
  REQUIRE(areas.size() == 2);
  CHECK(areas[0] == "Science");
  CHECK(areas[1] == "Mathematics and Statistics");
  CHECK(join_names({"Sam", "Mere", "Aroha"}, "and") == "Sam, Mere and Aroha");
  CHECK(join_names({"Sam"}, "and") == "Sam");
}

TEST_CASE("mentions: Slack's, typed ones, and plain names", "[collab][plans]") {
  CHECK(mention_words("<@U123> and <@U456|aroha>") == std::vector<std::string>{"U123", "U456"});
  CHECK(mention_words("@Aroha, @mere-smith.") == std::vector<std::string>{"Aroha", "mere-smith"});
  CHECK(mention_words("with @T\xC4\x81ne please") == std::vector<std::string>{"T\xC4\x81ne"});
  CHECK(mention_words("Aroha and Mere Smith") == std::vector<std::string>{"Aroha", "Mere Smith"});
  CHECK(mention_words("sam@school.nz").empty());
}
