// Reading /library resources queries: words, year filters, area filters, and the answers
// the add flow asks for (year levels, learning areas).
#include "collab/resource_query.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot::collab::resources;

namespace {

std::vector<int> v(std::initializer_list<int> ys) { return ys; }
std::vector<std::string> s(std::initializer_list<const char*> xs) { return {xs.begin(), xs.end()}; }

}  // namespace

TEST_CASE("resource queries: words stay words", "[resources][query]") {
  auto q = parse_resource_query("volcanoes and earthquakes");
  CHECK(q.words == "volcanoes and earthquakes");
  CHECK(q.years.empty());
  CHECK(q.areas.empty());
  CHECK(q.bad_filter.empty());
  CHECK_FALSE(q.has_filters());
  CHECK(parse_resource_query("").words.empty());
}

TEST_CASE("resource queries: year filters in the ways people type them", "[resources][query]") {
  CHECK(parse_resource_query("volcanoes year 5").years == v({5}));
  CHECK(parse_resource_query("volcanoes year 5").words == "volcanoes");
  CHECK(parse_resource_query("years 5-6 volcanoes").years == v({5, 6}));
  CHECK(parse_resource_query("years 5-6 volcanoes").words == "volcanoes");
  CHECK(parse_resource_query("y5 volcanoes").years == v({5}));
  CHECK(parse_resource_query("Yr7 poems").years == v({7}));
  CHECK(parse_resource_query("YEAR 7 poems").years == v({7}));
  CHECK(parse_resource_query("years 5 and 6").years == v({5, 6}));
  CHECK(parse_resource_query("years 5 to 8").years == v({5, 6, 7, 8}));
  CHECK(parse_resource_query("years 5 - 8").years == v({5, 6, 7, 8}));
  CHECK(parse_resource_query("years 5, 6 rivers").years == v({5, 6}));
  CHECK(parse_resource_query("years 5, 6 rivers").words == "rivers");
  CHECK(parse_resource_query("year 5/6 rivers").years == v({5, 6}));
  CHECK(parse_resource_query("year NE counting").years == v({0}));
  CHECK(parse_resource_query("years NE-2 counting").years == v({0, 1, 2}));
  CHECK(parse_resource_query("years 5\xE2\x80\x93" "6 maps").years == v({5, 6}));  // en dash
  CHECK(parse_resource_query("year 5 year 9").years == v({5, 9}));
  // "and" joins year levels only; left dangling by a filter, it goes with it.
  auto q = parse_resource_query("year 5 and volcanoes");
  CHECK(q.years == v({5}));
  CHECK(q.words == "volcanoes");
  CHECK(parse_resource_query("volcanoes for year 5").words == "volcanoes");
  CHECK(parse_resource_query("rocks and rivers in year 5").words == "rocks and rivers");
}

TEST_CASE("resource queries: a year word that isn't a filter", "[resources][query]") {
  auto q = parse_resource_query("year of the dragon");
  CHECK(q.years.empty());
  CHECK(q.words == "year of the dragon");
  CHECK(q.bad_filter.empty());
  CHECK(parse_resource_query("y2k bug").words == "y2k bug");
  CHECK(parse_resource_query("yes").words == "yes");

  q = parse_resource_query("volcanoes year 14");
  CHECK(q.bad_filter == "year 14");
  CHECK(q.years.empty());
  CHECK(parse_resource_query("y20 maps").bad_filter == "y20");
  CHECK(parse_resource_query("years 8-5").bad_filter == "years 8-5");
}

TEST_CASE("resource queries: area filters, aliases and quotes", "[resources][query]") {
  auto q = parse_resource_query("eruptions area science");
  CHECK(q.areas == s({"Science"}));
  CHECK(q.words == "eruptions");
  CHECK(parse_resource_query("area maths fractions").areas == s({"Mathematics and Statistics"}));
  CHECK(parse_resource_query("area maths fractions").words == "fractions");
  CHECK(parse_resource_query("area social sciences maps").areas == s({"Social Sciences"}));
  CHECK(parse_resource_query("area social sciences maps").words == "maps");
  CHECK(parse_resource_query("area te reo kupu").areas == s({"Te Reo Māori"}));
  CHECK(parse_resource_query("area te reo kupu").words == "kupu");
  CHECK(parse_resource_query("area health and physical education").areas == s({"Health and Physical Education"}));
  CHECK(parse_resource_query("area HPE").areas == s({"Health and Physical Education"}));

  // Quoted: as the command splits words ("te reo" arrives as one word) or as typed.
  CHECK(parse_resource_query(std::vector<std::string>{"area", "te reo", "greetings"}).areas == s({"Te Reo Māori"}));
  CHECK(parse_resource_query("area \"te reo\" greetings").areas == s({"Te Reo Māori"}));
  CHECK(parse_resource_query("area \"te reo\" greetings").words == "greetings");
  CHECK(parse_resource_query("area \xE2\x80\x9Cte reo\xE2\x80\x9D greetings").areas == s({"Te Reo Māori"}));
  CHECK(parse_resource_query("area \"music\" songs").areas == s({"music"}));  // quoted: any name

  // Several areas.
  CHECK(parse_resource_query("areas science and english").areas == s({"Science", "English"}));
  CHECK(parse_resource_query("areas science, english").areas == s({"Science", "English"}));
  CHECK(parse_resource_query("area science area science").areas == s({"Science"}));

  // Unquoted, only curriculum areas count: "surface area" is a maths topic.
  q = parse_resource_query("surface area year 7");
  CHECK(q.areas.empty());
  CHECK(q.years == v({7}));
  CHECK(q.words == "surface area");
  CHECK(parse_resource_query("area").words == "area");
  CHECK(parse_resource_query("area \"unclosed").words == "area \"unclosed");
}

TEST_CASE("resource queries: words, years and areas together", "[resources][query]") {
  auto q = parse_resource_query("volcanoes year 5 area science");
  CHECK(q.words == "volcanoes");
  CHECK(q.years == v({5}));
  CHECK(q.areas == s({"Science"}));
  q = parse_resource_query("year 7");
  CHECK(q.words.empty());
  CHECK(q.has_filters());
}

TEST_CASE("resource queries: split_query keeps quoted phrases whole", "[resources][query]") {
  CHECK(split_query("  a  b ") == s({"a", "b"}));
  CHECK(split_query("area \"te reo\" x") == s({"area", "\"te reo\"", "x"}));
  CHECK(split_query("area \xE2\x80\x9Cte reo\xE2\x80\x9D") == s({"area", "\xE2\x80\x9Cte reo\xE2\x80\x9D"}));
}

TEST_CASE("resource queries survive the session as variables", "[resources][query]") {
  const auto q = parse_resource_query("volcanoes years 5-6 area science");
  nlohmann::json vars = nlohmann::json::object();
  save_query(q, vars);
  const auto back = load_query(nlohmann::json::parse(vars.dump()));
  CHECK(back.words == q.words);
  CHECK(back.years == q.years);
  CHECK(back.areas == q.areas);
  CHECK(load_query(nlohmann::json::array()).words.empty());
  CHECK(load_query(nlohmann::json{{"q_years", {3, 99, "x"}}}).years == v({3}));
}

TEST_CASE("year levels read for people and from answers", "[resources][query]") {
  CHECK(years_text(v({5, 6, 7, 8})) == "5-8");
  CHECK(years_text(v({0, 1, 2, 5})) == "NE-2, 5");
  CHECK(years_text(v({7})) == "7");
  CHECK(years_text(v({})).empty());

  std::vector<int> ys;
  CHECK(parse_years_answer("5-8", ys));
  CHECK(ys == v({5, 6, 7, 8}));
  CHECK(parse_years_answer("5, 6", ys));
  CHECK(ys == v({5, 6}));
  CHECK(parse_years_answer("Years 5 and 6", ys));
  CHECK(ys == v({5, 6}));
  CHECK(parse_years_answer("years 5 to 8", ys));
  CHECK(ys == v({5, 6, 7, 8}));
  CHECK(parse_years_answer("NE, 1, 2", ys));
  CHECK(ys == v({0, 1, 2}));
  CHECK(parse_years_answer("NE-2", ys));
  CHECK(ys == v({0, 1, 2}));
  CHECK(parse_years_answer("y7 y8", ys));
  CHECK(ys == v({7, 8}));
  CHECK_FALSE(parse_years_answer("14", ys));
  CHECK(ys.empty());
  CHECK_FALSE(parse_years_answer("juniors", ys));
  CHECK_FALSE(parse_years_answer("", ys));
}

TEST_CASE("learning areas read from answers", "[resources][query]") {
  std::string bad;
  CHECK(parse_areas("science, maths and english", bad) == s({"Science", "Mathematics and Statistics", "English"}));
  CHECK(bad.empty());
  CHECK(parse_areas("Health and Physical Education", bad) == s({"Health and Physical Education"}));
  CHECK(parse_areas("te reo; HPE", bad) == s({"Te Reo Māori", "Health and Physical Education"}));
  CHECK(parse_areas("science, Science", bad) == s({"Science"}));
  CHECK(parse_areas("science, knitting", bad).empty());
  CHECK(bad == "knitting");
  CHECK(parse_areas("science and knitting", bad).empty());
  CHECK(bad == "knitting");
  CHECK(parse_areas("", bad).empty());
  CHECK(bad.empty());
}
