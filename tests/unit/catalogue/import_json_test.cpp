#include "catalogue/import.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::catalogue;

namespace {

const problem* at(const problem_list& problems, const std::string& where, const std::string& field) {
  for (const auto& p : problems)
    if (p.where == where && p.field == field) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("a JSON catalogue imports with lists as arrays or strings", "[catalogue][import]") {
  const std::string json = R"([
    // comments are allowed, as in the templates
    {"title": "Rivers", "link": "https://example.org/rivers", "learning_areas": ["science"],
     "year_levels": [5, "7-8"], "keywords": "rivers; streams", "date_added": "2024-11-18"},
    {"title": "Counting", "link": "https://example.org/counting", "year_levels": "NE-2", "format": "Book"}
  ])";
  problem_list problems;
  const auto rows = parse_json(json, problems);
  for (const auto& p : problems) INFO(p.to_string());
  CHECK(problems.empty());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].learning_areas == std::vector<std::string>{"Science"});
  CHECK(rows[0].year_levels == std::vector<int>{5, 7, 8});
  CHECK(rows[0].keywords == std::vector<std::string>{"rivers", "streams"});
  CHECK(rows[1].format == "book");
}

TEST_CASE("bad JSON entries are reported by JSON pointer and skipped", "[catalogue][import]") {
  const std::string json = R"({"resources": [
    {"title": "Good", "link": "https://example.org/good"},
    {"link": "https://example.org/untitled"},
    {"title": "Bad year", "link": "https://example.org/y", "year_levels": [3, 21]},
    {"title": ["not", "text"], "link": "https://example.org/t"},
    "just a string",
    {"title": "Extra", "link": "https://example.org/extra", "colour": "red"}
  ]})";
  problem_list problems;
  const auto rows = parse_json(json, problems);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].title == "Good");
  CHECK(rows[1].title == "Extra");
  CHECK(at(problems, "/resources/1", "title"));
  CHECK(at(problems, "/resources/2", "year_levels"));
  CHECK(at(problems, "/resources/3", "title"));
  CHECK(at(problems, "/resources/4", ""));
  REQUIRE(at(problems, "/resources/5", "colour"));
  CHECK(at(problems, "/resources/5", "colour")->level == problem::severity::warning);
  CHECK(at(problems, "/resources/1", "title")->to_string() == "/resources/1/title: missing");
}

TEST_CASE("a number too large for JSON is refused with the line and never thrown", "[catalogue][import]") {
  // Found by tests/fuzz/catalogue_fuzz: nlohmann/json reports a number beyond a double's range
  // as out_of_range, not parse_error, and that escaped the import.
  problem_list problems;
  CHECK(parse_json("[\n{\"title\": \"A\", \"link\": \"https://example.org/a\",\n \"year_levels\": [1e400]}]", problems).empty());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == "line 3");
  CHECK(problems[0].what.find("too large") != std::string::npos);
}

TEST_CASE("unreadable JSON is refused with the line", "[catalogue][import]") {
  problem_list problems;
  CHECK(parse_json("[\n{\"title\": \"A\",\n \"link\": }\n]", problems).empty());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == "line 3");

  problems.clear();
  CHECK(parse_json("[\n{\"title\": \"\xC3\x28\"}]", problems).empty());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == "line 2");
  CHECK(problems[0].what.find("UTF-8") != std::string::npos);

  problems.clear();
  CHECK(parse_json(R"([{"title": "A", "link": "https://example.org/a", "year_levels": [4294967301]}])", problems).empty());
  CHECK(problems.at(0).field == "year_levels");

  problems.clear();
  CHECK(parse_json("{\"title\": \"A\"}", problems).empty());
  CHECK(problems.at(0).what.find("array") != std::string::npos);

  problems.clear();
  CHECK(parse_json(std::string(max_import_bytes + 1, ' '), problems).empty());
  CHECK(problems.at(0).what.find("limit") != std::string::npos);
}
