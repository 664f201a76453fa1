#include "core/lists.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::core;

TEST_CASE("lists are split at the reader's separators and joined for people", "[core][text]") {
  CHECK(split_list(" maths; ;science ;", ";") == std::vector<std::string>{"maths", "science"});
  CHECK(split_list("a, b\nc;d", ",;\n") == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(split_list("", ";").empty());
  CHECK(join_list({"Sam", "Mere", "Aroha"}, ", ", " and ") == "Sam, Mere and Aroha");
  CHECK(join_list({"Sam"}, ", ", " and ") == "Sam");
  CHECK(join_list({}, ", ", " and ").empty());
}
