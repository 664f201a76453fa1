#include "catalogue/csv.hpp"
#include "catalogue/import.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace commonsbot::catalogue;

namespace {

// The first problem at `where`, or null.
const problem* at(const problem_list& problems, const std::string& where) {
  for (const auto& p : problems)
    if (p.where == where) return &p;
  return nullptr;
}

std::string all(const problem_list& problems) {
  std::string out;
  for (const auto& p : problems) out += p.to_string() + "\n";
  return out;
}

}  // namespace

TEST_CASE("the CSV reader follows RFC 4180", "[catalogue][csv]") {
  csv_reader reader("\xEF\xBB\xBF" "a,\"b, with comma\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",,last\n\nx");
  csv_record rec;
  REQUIRE(reader.next(rec));
  CHECK(rec.cells == std::vector<std::string>{"a", "b, with comma", "say \"hi\""});
  CHECK(rec.line == 1);
  REQUIRE(reader.next(rec));
  CHECK(rec.cells == std::vector<std::string>{"two\r\nlines", "", "last"});
  CHECK(rec.line == 2);
  REQUIRE(reader.next(rec));
  CHECK(rec.blank);
  CHECK(rec.line == 4);
  REQUIRE(reader.next(rec));
  CHECK(rec.cells == std::vector<std::string>{"x"});
  CHECK(rec.line == 5);
  CHECK_FALSE(reader.next(rec));
}

TEST_CASE("the CSV reader reports a bad quote and carries on at the next line", "[catalogue][csv]") {
  csv_reader reader("a,\"b\"c,d\nnext,row\n\"never closed,\nx");
  csv_record rec;
  REQUIRE(reader.next(rec));
  CHECK_FALSE(rec.error.empty());
  REQUIRE(reader.next(rec));
  CHECK(rec.error.empty());
  CHECK(rec.cells == std::vector<std::string>{"next", "row"});
  REQUIRE(reader.next(rec));
  CHECK(rec.error.find("line 3") != std::string::npos);
  CHECK_FALSE(reader.next(rec));
}

TEST_CASE("a CSV catalogue imports with lists, ranges and quoted cells", "[catalogue][import]") {
  const std::string csv =
      "Title,Link,Description,Learning Areas,Year Levels,Format,Keywords,Date Added\r\n"
      "Rivers and Freshwater,https://example.org/rivers,\"Streams, rivers and \"\"bugs\"\"\",Science;maths,5-8,eBook,"
      "rivers;streams,2024-11-18\r\n"
      "Counting Book,https://example.org/counting,\"Numbers\nto twenty\",Mathematics,NE;1;Y2,book,,\r\n";
  problem_list problems;
  const auto rows = parse_csv(csv, problems);
  INFO(all(problems));
  CHECK(problems.empty());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].title == "Rivers and Freshwater");
  CHECK(rows[0].description == "Streams, rivers and \"bugs\"");
  CHECK(rows[0].learning_areas == std::vector<std::string>{"Science", "Mathematics and Statistics"});
  CHECK(rows[0].year_levels == std::vector<int>{5, 6, 7, 8});
  CHECK(rows[0].format == "ebook");
  CHECK(rows[0].keywords == std::vector<std::string>{"rivers", "streams"});
  CHECK(rows[0].added == "2024-11-18");
  CHECK(rows[0].id == make_id("https://example.org/rivers"));
  CHECK_FALSE(rows[0].sample);
  CHECK(rows[1].description == "Numbers\nto twenty");
  CHECK(rows[1].year_levels == std::vector<int>{0, 1, 2});
}

TEST_CASE("malformed CSV rows are reported by row and skipped", "[catalogue][import]") {
  const std::string csv =
      "title,link,year_levels,date_added\n"           // row 1
      "Good,https://example.org/good,5,2024-01-01\n"  // row 2
      ",https://example.org/untitled,5,\n"            // row 3: no title
      "Bad year,https://example.org/year,5-15,\n"     // row 4
      "No link,,3,\n"                                 // row 5
      "Bad date,https://example.org/date,3,2024-02-30\n"  // row 6
      "\"Multi\nline\",https://example.org/multi,4,\n"    // row 7, lines 7-8
      "Too,many,cells,here,!\n"                           // row 8 (line 9)
      "Bad \xFF utf8,https://example.org/utf8,4,\n"      // row 9 (line 10)
      "Stray \"quote\" ok,https://example.org/stray,4,\n"  // row 10 (line 11)
      "\"Closed\"x,https://example.org/x,4,\n"             // row 11 (line 12)
      "Good again,https://example.org/good2,1-3,\n";       // row 12 (line 13)
  problem_list problems;
  const auto rows = parse_csv(csv, problems);
  INFO(all(problems));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].title == "Good");
  CHECK(rows[1].title == "Multi\nline");
  CHECK(rows[2].title == "Stray \"quote\" ok");
  CHECK(rows[3].title == "Good again");

  REQUIRE(at(problems, "row 3"));
  CHECK(at(problems, "row 3")->field == "title");
  REQUIRE(at(problems, "row 4"));
  CHECK(at(problems, "row 4")->field == "year_levels");
  CHECK(at(problems, "row 4")->what.find("5-15") != std::string::npos);
  REQUIRE(at(problems, "row 5"));
  CHECK(at(problems, "row 5")->field == "link");
  REQUIRE(at(problems, "row 6"));
  CHECK(at(problems, "row 6")->field == "date_added");
  REQUIRE(at(problems, "row 8 (line 9)"));
  CHECK(at(problems, "row 8 (line 9)")->what.find("5 cells") != std::string::npos);
  REQUIRE(at(problems, "row 9 (line 10)"));
  CHECK(at(problems, "row 9 (line 10)")->field == "title");
  CHECK(at(problems, "row 9 (line 10)")->what.find("UTF-8") != std::string::npos);
  REQUIRE(at(problems, "row 11 (line 12)"));
  CHECK(has_errors(problems));
}

TEST_CASE("whole CSV files are refused with a reason", "[catalogue][import]") {
  problem_list problems;
  CHECK(parse_csv("", problems).empty());
  CHECK(problems.at(0).what.find("empty") != std::string::npos);

  problems.clear();
  CHECK(parse_csv("title,description\nA,B\n", problems).empty());
  CHECK(problems.at(0).what.find("title and link") != std::string::npos);

  problems.clear();
  const std::string huge(max_import_bytes + 1, 'x');
  CHECK(parse_csv(huge, problems).empty());
  CHECK(problems.at(0).what.find("limit") != std::string::npos);

  problems.clear();
  CHECK(parse_csv("title,link,colour\n\"A,https://example.org/a,red\n", problems).empty());
  CHECK(problems.at(0).level == problem::severity::warning);  // colour: unknown column
  CHECK(problems.at(1).where == "row 2");
  CHECK(problems.at(1).what.find("never closed") != std::string::npos);
}

TEST_CASE("importing the same link twice keeps the last row", "[catalogue][import]") {
  problem_list problems;
  const auto rows = parse_csv("title,link\nOld,https://example.org/a\nNew,https://EXAMPLE.org/a/\n", problems);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].title == "New");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].level == problem::severity::warning);
  CHECK(problems[0].where == "row 3");
  CHECK(problems[0].what.find("row 2") != std::string::npos);
  CHECK_FALSE(has_errors(problems));
}

TEST_CASE("year levels parse lists, ranges and names", "[catalogue][import]") {
  std::vector<int> years;
  std::string error;
  CHECK(parse_year_levels("5;6", years, error));
  CHECK(years == std::vector<int>{5, 6});
  CHECK(parse_year_levels("Years 7-8, Y10", years, error));
  CHECK(years == std::vector<int>{7, 8, 10});
  CHECK(parse_year_levels("NE; 1 - 2", years, error));
  CHECK(years == std::vector<int>{0, 1, 2});
  CHECK(parse_year_levels("", years, error));
  CHECK(years.empty());
  for (const char* bad : {"14", "8-5", "five", "5-", "-1", "100"}) {
    INFO(bad);
    CHECK_FALSE(parse_year_levels(bad, years, error));
    CHECK(error.find(bad) != std::string::npos);
  }
}

TEST_CASE("import_file picks the parser by extension and names the file", "[catalogue][import]") {
  commonsbot::test::temp_dir dir;
  std::ofstream(dir / "list.csv") << "title,link\nA,https://example.org/a\n,https://example.org/b\n";
  problem_list problems;
  const auto rows = import_file(dir / "list.csv", problems);
  CHECK(rows.size() == 1);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == (dir / "list.csv").string() + ": row 3");

  problems.clear();
  CHECK(import_file(dir / "missing.csv", problems).empty());
  CHECK(problems.at(0).what.find("cannot read") != std::string::npos);
}
