#include "catalogue/resource.hpp"
#include "catalogue/tokenize.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot::catalogue;

namespace {

bool names(const problem_list& problems, const std::string& field) {
  for (const auto& p : problems)
    if (p.field == field) return true;
  return false;
}

}  // namespace

TEST_CASE("ids come from the link and ignore what does not change the page", "[catalogue][resource]") {
  const std::string id = make_id("https://example.org/books/rivers");
  CHECK(id.size() == 17);
  CHECK(id.front() == 'r');
  CHECK(make_id("HTTPS://Example.ORG/books/rivers/") == id);
  CHECK(make_id("  https://example.org/books/rivers#chapter-2 ") == id);
  CHECK(make_id("https://example.org/books/Rivers") != id);  // paths are case-sensitive
  CHECK(make_id("https://example.org/books/rivers?page=2") != id);
}

TEST_CASE("learning areas are canonicalised from common names", "[catalogue][resource]") {
  CHECK(canonical_area("english") == "English");
  CHECK(canonical_area("  Maths ") == "Mathematics and Statistics");
  CHECK(canonical_area("Health & PE") == "Health and Physical Education");
  CHECK(canonical_area("te reo maori") == "Te Reo Māori");
  CHECK(canonical_area("Social Studies") == "Social Sciences");
  CHECK(canonical_area("Music") == "Music");  // a subject, kept as it is
  CHECK(area_key("TE REO MĀORI") == area_key("Te Reo Maori"));
  for (const auto& a : known_areas()) CHECK(canonical_area(a) == a);
}

TEST_CASE("dates must be real calendar days", "[catalogue][resource]") {
  CHECK(parse_date("2024-02-29") == 20240229);
  CHECK(parse_date("2023-02-29") == -1);
  CHECK(parse_date("2024-13-01") == -1);
  CHECK(parse_date("2024-1-01") == -1);
  CHECK(parse_date("01/02/2024") == -1);
  CHECK(parse_date("") == -1);
}

TEST_CASE("normalise tidies fields and fills in the id", "[catalogue][resource]") {
  resource r;
  r.title = "  Rivers  ";
  r.link = "https://example.org/rivers";
  r.format = " E-Book ";
  r.learning_areas = {"science", "Science", "  "};
  r.year_levels = {6, 5, 6};
  r.keywords = {"rivers", "Rivers", " streams "};
  normalise(r);
  CHECK(r.title == "Rivers");
  CHECK(r.format == "ebook");
  CHECK(r.learning_areas == std::vector<std::string>{"Science"});
  CHECK(r.year_levels == std::vector<int>{5, 6});
  CHECK(r.keywords == std::vector<std::string>{"rivers", "streams"});
  CHECK(r.id == make_id(r.link));
  problem_list problems;
  CHECK(validate(r, problems));
  CHECK(problems.empty());
}

TEST_CASE("validate names each bad field", "[catalogue][resource]") {
  resource r;
  r.id = "has/slash";
  r.link = "ftp://example.org/x";
  r.year_levels = {14, -1};
  r.format = "scroll";
  r.added = "2024-02-30";
  r.description = "\xC3";
  problem_list problems;
  CHECK_FALSE(validate(r, problems, "row 3"));
  for (const char* field : {"id", "title", "link", "year_levels", "format", "date_added", "description"}) {
    INFO(field);
    CHECK(names(problems, field));
  }
  CHECK(problems.front().where == "row 3");
  CHECK(problem{problem::severity::error, "row 3", "title", "missing"}.to_string() == "row 3: title: missing");
  CHECK(problem{problem::severity::error, "/2", "title", "missing"}.to_string() == "/2/title: missing");
}

TEST_CASE("resources round-trip through JSON", "[catalogue][resource]") {
  resource r;
  r.title = "Volcanoes of Aotearoa";
  r.link = "https://example.org/volcanoes";
  r.description = "Taupō and Ruapehu";
  r.learning_areas = {"Science"};
  r.year_levels = {4, 5};
  r.format = "book";
  r.keywords = {"volcanoes"};
  r.added = "2024-10-14";
  r.sample = true;
  normalise(r);
  const nlohmann::json j = r;
  CHECK(j.at("date_added") == "2024-10-14");
  CHECK(j.get<resource>() == r);
}

TEST_CASE("tokenize folds, splits, drops stop words and stems plurals", "[catalogue][tokenize]") {
  CHECK(tokenize("The Rivers of Aotearoa") == std::vector<std::string>{"river", "aotearoa"});
  CHECK(tokenize("Māori legends — Māui’s fish") == std::vector<std::string>{"maori", "legend", "maui", "fish"});
  CHECK(tokenize("boxes, stories & VOLCANOES; glass bus") ==
        std::vector<std::string>{"box", "story", "volcano", "glass", "bus"});
  CHECK(tokenize("Year 5 maths") == std::vector<std::string>{"year", "5", "math"});
  CHECK(tokenize("café\xC2\xA0" "crème") == std::vector<std::string>{"cafe", "creme"});
  CHECK(tokenize("a an the of").empty());
  CHECK(fold("ĀĒĪŌŪ āēīōū") == "aeiou aeiou");
  CHECK(stem("classes") == "class");
  CHECK(stem("churches") == "church");
  CHECK(stem("gas") == "gas");
}
