#include "catalogue/catalogue.hpp"
#include "support/memory_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

using namespace commonsbot::catalogue;

namespace {

const std::string sample_path = std::string(COMMONSBOT_SOURCE_DIR) + "/templates/catalogue/sample.json";

resource make(const std::string& title, const std::string& link, std::vector<std::string> areas = {},
              std::vector<int> years = {}, const std::string& added = "2025-11-01") {
  resource r;
  r.title = title;
  r.link = link;
  r.learning_areas = std::move(areas);
  r.year_levels = std::move(years);
  r.added = added;
  normalise(r);
  return r;
}

query words(const std::string& text, std::size_t limit = 10) {
  query q;
  q.text = text;
  q.limit = limit;
  return q;
}

}  // namespace

TEST_CASE("the shipped sample catalogue loads without problems", "[catalogue][sample]") {
  catalogue cat;
  problem_list problems;
  REQUIRE(cat.load_sample(sample_path, problems));
  for (const auto& p : problems) INFO(p.to_string());
  CHECK(problems.empty());
  CHECK(cat.shared_size() >= 40);

  const auto all = cat.search("any-school", query{.text = "", .years = {}, .areas = {}, .offset = 0, .limit = 1000});
  std::set<std::string> areas;
  std::set<int> years;
  for (const auto& h : all.hits) {
    CHECK(h.item->sample);
    CHECK(h.item->link.starts_with("https://example.org/"));
    CHECK_FALSE(h.item->added.empty());
    areas.insert(h.item->learning_areas.begin(), h.item->learning_areas.end());
    years.insert(h.item->year_levels.begin(), h.item->year_levels.end());
  }
  for (const auto& a : known_areas()) CHECK(areas.count(a) == 1);
  for (int y = 1; y <= 13; ++y) CHECK(years.count(y) == 1);
  CHECK(cat.search("any-school", words("volcanoes")).total >= 1);
}

TEST_CASE("a sample file that cannot be read keeps the old layer", "[catalogue][sample]") {
  commonsbot::test::temp_dir dir;
  std::ofstream(dir / "broken.json") << "[ {";
  catalogue cat;
  cat.set_shared({make("Kept", "https://example.org/kept")});
  problem_list problems;
  CHECK_FALSE(cat.load_sample(dir / "broken.json", problems));
  CHECK(has_errors(problems));
  CHECK(cat.shared_size() == 1);
}

TEST_CASE("tenants see the shared layer and only their own resources", "[catalogue]") {
  catalogue cat;
  cat.set_shared({make("Rivers of the world", "https://example.org/shared-rivers", {"Science"}, {5}, "2023-01-01")});
  cat.upsert("school-a", make("Rivers of Canterbury", "https://example.org/a-rivers", {"Science"}, {5}));
  cat.upsert("school-b", make("Rivers of Otago", "https://example.org/b-rivers", {"Science"}, {5}));

  const auto a = cat.search("school-a", words("rivers"));
  CHECK(a.total == 2);
  std::set<std::string> titles;
  for (const auto& h : a.hits) titles.insert(h.item->title);
  CHECK(titles == std::set<std::string>{"Rivers of Canterbury", "Rivers of the world"});
  CHECK(cat.search("school-c", words("rivers")).total == 1);
  CHECK(cat.find("school-b", make_id("https://example.org/a-rivers")) == nullptr);
  CHECK(cat.tenant_size("school-a") == 1);

  // The same link in a tenant's list replaces the shared resource for that tenant only.
  cat.upsert("school-a", make("Our copy of Rivers of the world", "https://example.org/shared-rivers"));
  CHECK(cat.search("school-a", words("rivers")).total == 2);
  CHECK(cat.find("school-a", make_id("https://example.org/shared-rivers"))->title == "Our copy of Rivers of the world");
  CHECK(cat.find("school-b", make_id("https://example.org/shared-rivers"))->title == "Rivers of the world");

  CHECK(cat.erase("school-a", make_id("https://example.org/a-rivers")));
  CHECK_FALSE(cat.erase("school-a", make_id("https://example.org/a-rivers")));
  CHECK_FALSE(cat.erase("school-a", "nothing"));
  CHECK(cat.search("school-a", words("canterbury")).total == 0);
}

TEST_CASE("pages across both layers are one ranked list", "[catalogue]") {
  catalogue cat;
  std::vector<resource> shared;
  for (int i = 0; i < 12; ++i)
    shared.push_back(make("Shared fractions " + std::to_string(i), "https://example.org/s" + std::to_string(i), {}, {},
                          "2024-01-" + std::to_string(10 + i)));
  cat.set_shared(shared);
  for (int i = 0; i < 12; ++i)
    cat.upsert("school", make("Own fractions " + std::to_string(i), "https://example.org/o" + std::to_string(i), {}, {},
                              "2024-02-" + std::to_string(10 + i)));
  const auto whole = cat.search("school", words("fractions", 100));
  CHECK(whole.total == 24);
  std::vector<std::string> paged;
  for (std::size_t offset = 0; offset < 24; offset += 5) {
    query q = words("fractions", 5);
    q.offset = offset;
    const auto page = cat.search("school", q);
    CHECK(page.total == 24);
    for (const auto& h : page.hits) paged.push_back(h.item->id);
  }
  REQUIRE(paged.size() == 24);
  for (std::size_t i = 0; i < 24; ++i) CHECK(paged[i] == whole.hits[i].item->id);
  for (std::size_t i = 1; i < 24; ++i) CHECK_FALSE(ranks_before(whole.hits[i], whole.hits[i - 1]));
}

TEST_CASE("rebuild reads every tenant's resources from the store", "[catalogue][store]") {
  commonsbot::test::memory_store db;
  commonsbot::store::transaction txn;
  stage_upsert(txn, "school-a", make("Kapa haka", "https://example.org/kapa", {"The Arts"}, {4}));
  stage_upsert(txn, "school-b", make("Kōwhaiwhai", "https://example.org/kowhai", {"The Arts"}, {4}));
  txn.put(std::string(resources_collection), "school-b/broken", nlohmann::json{{"title", 5}});
  txn.put(std::string(resources_collection), "no-slash", nlohmann::json::object());
  REQUIRE(db.commit(std::move(txn)).ok());
  CHECK(db.get(resources_collection, store_key("school-a", make_id("https://example.org/kapa"))));

  catalogue cat;
  cat.upsert("school-c", make("Gone after rebuild", "https://example.org/gone"));
  problem_list problems;
  cat.rebuild(db, problems);
  CHECK(problems.size() == 2);
  CHECK(cat.tenant_size("school-a") == 1);
  CHECK(cat.tenant_size("school-b") == 1);
  CHECK(cat.tenant_size("school-c") == 0);
  CHECK(cat.search("school-b", words("kowhaiwhai")).total == 1);
  CHECK(cat.search("school-a", words("kowhaiwhai")).total == 0);

  commonsbot::store::transaction erase;
  stage_erase(erase, "school-a", make_id("https://example.org/kapa"));
  REQUIRE(db.commit(std::move(erase)).ok());
  cat.rebuild(db, problems);
  CHECK(cat.tenant_size("school-a") == 0);
}

TEST_CASE("suggest gives topic matches first, then the newest for the area and year", "[catalogue]") {
  catalogue cat;
  problem_list problems;
  REQUIRE(cat.load_sample(sample_path, problems));
  cat.upsert("school", make("Our stream study kit", "https://example.org/stream-kit", {"science"}, {6}, "2025-11-20"));

  const auto plain = cat.suggest("school", {"Science"}, {6}, 3);
  REQUIRE(plain.size() == 3);
  CHECK(plain[0].item->title == "Our stream study kit");  // the newest
  for (const auto& h : plain) {
    CHECK(std::count(h.item->year_levels.begin(), h.item->year_levels.end(), 6) == 1);
    CHECK(std::count(h.item->learning_areas.begin(), h.item->learning_areas.end(), "Science") == 1);
  }

  const auto rivers = cat.suggest("school", {"science"}, {6}, 4, "rivers");
  REQUIRE(rivers.size() == 4);
  CHECK(rivers[0].item->title == "Rivers and Freshwater Ecology");
  CHECK(rivers[0].score > 0);
  std::set<std::string> ids;
  for (const auto& h : rivers) ids.insert(h.item->id);
  CHECK(ids.size() == 4);

  CHECK(cat.suggest("school", {"Science"}, {13}, 5).size() <= 5);
  CHECK(cat.suggest("school", {"Underwater basket weaving"}, {6}, 5).empty());
}

TEST_CASE("searches run alongside upserts", "[catalogue][threads]") {
  catalogue cat;
  problem_list problems;
  REQUIRE(cat.load_sample(sample_path, problems));
  std::atomic<bool> stop{false};
  std::atomic<long> searches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      while (!stop) {
        const auto res = cat.search("school", words("rivers water"));
        if (res.total >= 1) ++searches;
        // A pause between searches: the lock prefers readers, and three back-to-back readers
        // on two cores (slower still under the sanitizers) would keep the writer waiting for
        // minutes. Searches still overlap the writes.
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
  for (int i = 0; i < 500; ++i) {
    cat.upsert("school", make("River " + std::to_string(i), "https://example.org/river" + std::to_string(i % 50)));
    if (i % 7 == 0) cat.erase("school", make_id("https://example.org/river" + std::to_string((i + 3) % 50)));
  }
  // On a loaded machine the writer can finish before any reader is scheduled: give the
  // readers a moment to show they ran (and found results) alongside the changes.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (searches == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  stop = true;
  for (auto& t : readers) t.join();
  CHECK(searches > 0);
  CHECK(cat.tenant_size("school") <= 50);
}
