#include "catalogue/index.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::catalogue;

namespace {

resource make_resource(const std::string& title, const std::string& description, std::vector<std::string> areas = {},
                       std::vector<int> years = {}, const std::string& added = "", std::vector<std::string> keywords = {}) {
  resource r;
  r.title = title;
  r.link = "https://example.org/" + std::to_string(std::hash<std::string>{}(title));
  r.description = description;
  r.learning_areas = std::move(areas);
  r.year_levels = std::move(years);
  r.added = added;
  r.keywords = std::move(keywords);
  normalise(r);
  return r;
}

std::vector<std::string> titles(const search_result& res) {
  std::vector<std::string> out;
  for (const auto& h : res.hits) out.push_back(h.item->title);
  return out;
}

query words_query(const std::string& text, std::size_t limit = 10) {
  query q;
  q.text = text;
  q.limit = limit;
  return q;
}

}  // namespace

TEST_CASE("a title match beats a description match", "[catalogue][index]") {
  search_index idx;
  idx.upsert(make_resource("Water safety at the beach", "Swimming between the flags and reading rip currents."));
  idx.upsert(make_resource("Volcanoes of Aotearoa", "Photographs of the volcanic plateau and its rivers and lakes."));
  idx.upsert(make_resource("Rivers and Freshwater Ecology", "Stream invertebrates and water quality testing."));
  idx.upsert(make_resource("Drama Games", "Warm-ups for the classroom."));
  const auto res = idx.search(words_query("rivers"));
  CHECK(res.total == 2);
  CHECK(titles(res) == std::vector<std::string>{"Rivers and Freshwater Ecology", "Volcanoes of Aotearoa"});
  CHECK(res.hits[0].score > res.hits[1].score);
  CHECK(res.hits[1].score > 0);
}

TEST_CASE("more query words matched rank higher, and keywords count", "[catalogue][index]") {
  search_index idx;
  idx.upsert(make_resource("Lakes", "Lake water."));
  idx.upsert(make_resource("Bikes", "A bicycle cycle."));
  idx.upsert(make_resource("Weather", "Rain.", {}, {}, "", {"water cycle"}));
  const auto res = idx.search(words_query("water cycle"));
  CHECK(res.total == 3);
  CHECK(res.hits.front().item->title == "Weather");
}

TEST_CASE("plurals, case and macrons match", "[catalogue][index]") {
  search_index idx;
  idx.upsert(make_resource("Māori Legends", "Stories of the volcano Ruapehu."));
  CHECK(idx.search(words_query("maori legend")).total == 1);
  CHECK(idx.search(words_query("STORY")).total == 1);
  CHECK(idx.search(words_query("volcanoes")).total == 1);
  CHECK(idx.search(words_query("legendary")).total == 0);
  CHECK(idx.search(words_query("the of and")).total == 1);  // only stop words: a listing of everything
}

TEST_CASE("year and area filters exclude what does not fit", "[catalogue][index]") {
  search_index idx;
  idx.upsert(make_resource("Rivers for juniors", "rivers", {"Science"}, {1, 2, 3}, "2024-01-01"));
  idx.upsert(make_resource("Rivers for seniors", "rivers", {"Science", "Social Sciences"}, {9, 10}, "2024-02-01"));
  idx.upsert(make_resource("River poems", "rivers", {"English"}, {5, 6}, "2024-03-01"));
  idx.upsert(make_resource("River maths", "rivers", {"Mathematics and Statistics"}, {}, "2024-04-01"));

  query q = words_query("river");
  q.years = {2, 10};
  CHECK(idx.search(q).total == 2);
  q.areas = {"social studies"};  // an alias of Social Sciences
  CHECK(titles(idx.search(q)) == std::vector<std::string>{"Rivers for seniors"});
  q.years.clear();
  q.areas = {"english", "MATHS"};
  CHECK(idx.search(q).total == 2);
  q.areas = {"Music"};  // no resource has it
  CHECK(idx.search(q).total == 0);
  q.areas.clear();
  q.years = {14};  // not a year level
  CHECK(idx.search(q).total == 0);
}

TEST_CASE("no words but filters lists newest first", "[catalogue][index]") {
  search_index idx;
  idx.upsert(make_resource("Old", "", {"Science"}, {5}, "2022-05-01"));
  idx.upsert(make_resource("Newest", "", {"Science"}, {5}, "2025-01-01"));
  idx.upsert(make_resource("Undated", "", {"Science"}, {5}));
  idx.upsert(make_resource("Also new", "", {"Science"}, {5}, "2025-01-01"));
  idx.upsert(make_resource("Other year", "", {"Science"}, {9}, "2025-06-01"));
  query q;
  q.years = {5};
  q.areas = {"science"};
  const auto res = idx.search(q);
  CHECK(res.total == 4);
  CHECK(titles(res) == std::vector<std::string>{"Also new", "Newest", "Old", "Undated"});
  CHECK(res.hits[0].score == 0);
}

TEST_CASE("paging is stable and ties are broken by date then title", "[catalogue][index]") {
  search_index idx;
  for (int i = 0; i < 25; ++i) {
    // Identical text, so identical scores: only the tie-breaks decide.
    const std::string day = std::to_string(10 + i % 5);
    idx.upsert(make_resource("Fractions " + std::string(1, static_cast<char>('A' + i)), "fractions", {}, {}, "2024-03-" + day));
  }
  std::vector<std::string> paged;
  for (std::size_t offset = 0; offset < 25; offset += 10) {
    query q = words_query("fractions");
    q.offset = offset;
    const auto res = idx.search(q);
    CHECK(res.total == 25);
    for (const auto& t : titles(res)) paged.push_back(t);
  }
  const auto whole = titles(idx.search(words_query("fractions", 100)));
  CHECK(paged == whole);
  REQUIRE(whole.size() == 25);
  CHECK(whole[0] == "Fractions E");  // 2024-03-14: E, J, O, T, Y
  CHECK(whole[1] == "Fractions J");
  CHECK(whole[24] == "Fractions U");  // 2024-03-10: A, F, K, P, U
  query past = words_query("fractions");
  past.offset = 30;
  CHECK(idx.search(past).hits.empty());
  CHECK(idx.search(past).total == 25);
}

TEST_CASE("upsert replaces and erase removes", "[catalogue][index]") {
  search_index idx;
  resource r = make_resource("Earthquakes", "Plate tectonics and faults.", {"Science"}, {7});
  idx.upsert(r);
  idx.upsert(make_resource("Volcanoes", "Magma and faults."));
  CHECK(idx.size() == 2);
  CHECK(idx.document_frequency("fault") == 2);

  r.title = "Tsunami";
  r.description = "Waves after an undersea quake.";
  idx.upsert(r);  // same id: replaces
  CHECK(idx.size() == 2);
  CHECK(idx.search(words_query("earthquakes")).total == 0);
  CHECK(idx.search(words_query("tsunami")).total == 1);
  CHECK(idx.document_frequency("fault") == 1);
  CHECK(idx.find(r.id)->title == "Tsunami");

  CHECK(idx.erase(r.id));
  CHECK_FALSE(idx.erase(r.id));
  CHECK(idx.size() == 1);
  CHECK(idx.search(words_query("tsunami")).total == 0);
  CHECK(idx.find(r.id) == nullptr);
  query all;
  CHECK(titles(idx.search(all)) == std::vector<std::string>{"Volcanoes"});

  idx.upsert(make_resource("Glaciers", "Ice and faults."));  // reuses the freed slot
  CHECK(idx.search(words_query("faults")).total == 2);
  CHECK(idx.search(all).total == 2);
}

TEST_CASE("assign replaces everything and keeps the last of repeated ids", "[catalogue][index]") {
  search_index idx;
  idx.upsert(make_resource("Gone", "gone"));
  resource a = make_resource("First", "one");
  resource b = a;
  b.title = "Second";
  idx.assign({a, make_resource("Other", "two"), b});
  CHECK(idx.size() == 2);
  CHECK(idx.search(words_query("gone")).total == 0);
  CHECK(idx.find(a.id)->title == "Second");
  CHECK(idx.search(query{}).total == 2);
}
