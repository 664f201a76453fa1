// Feed items into the catalogue: one resource per new item (id from the link, areas and years
// from categories or the feed's settings), staged with the feed's state; duplicates and items
// the catalogue has are left out; a broken feed tells library staff once, and its recovery.
#include "catalogue/catalogue.hpp"
#include "core/keys.hpp"
#include "digest/feed_import.hpp"
#include "flows/flow_registry.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::digest;

namespace {

constexpr long long import_now_ms = 1773532800000LL;

const char* rss = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>New at the library</title>
<item><title>Rock cycle poster</title><link>https://lib.example.nz/rock</link><guid>g1</guid>
  <pubDate>Tue, 10 Mar 2026 09:00:00 +1300</pubDate><category>Science</category><category>Year 5</category>
  <category>geology</category></item>
<item><title>Poems for juniors</title><link>https://lib.example.nz/poems</link><guid>g2</guid></item>
<item><title>Rock cycle again</title><link>https://lib.example.nz/rock</link><guid>g3</guid></item>
</channel></rss>)";

feed_config config() {
  feed_config f;
  f.url = "https://lib.example.nz/new.rss";
  f.name = "New at the library";
  f.learning_areas = {"english"};
  f.year_levels = {"Years 1-3"};
  return f;
}

fetch::result ok(std::string body, std::string etag = "\"v1\"") {
  fetch::result r;
  r.what = fetch::result::outcome::fetched;
  r.status = 200;
  r.body = std::move(body);
  r.etag = std::move(etag);
  return r;
}

fetch::result broken() {
  fetch::result r;
  r.what = fetch::result::outcome::failed;
  r.error = "the server answered 500";
  return r;
}

std::size_t ops(const store::transaction& txn, std::string_view collection) {
  std::size_t n = 0;
  for (const auto& op : txn.operations()) n += op.collection == collection;
  return n;
}

}  // namespace

TEST_CASE("a feed item becomes a catalogue resource", "[digest][feed_import]") {
  feed_item item;
  item.title = "Rock cycle poster";
  item.link = "https://lib.example.nz/rock";
  item.summary = "A poster.";
  item.categories = {"Science", "Year 5", "geology"};
  item.published = "2026-03-10";
  const auto r = to_resource(item, config(), "2026-03-15");
  REQUIRE(r);
  CHECK(r->id == catalogue::make_id("https://lib.example.nz/rock"));
  CHECK(r->learning_areas == std::vector<std::string>{"Science"});
  CHECK(r->year_levels == std::vector<int>{5});
  CHECK(r->keywords == std::vector<std::string>{"geology"});
  CHECK(r->format == "article");
  CHECK(r->added == "2026-03-10");

  item.categories.clear();
  item.published.clear();
  const auto plain = to_resource(item, config(), "2026-03-15");
  REQUIRE(plain);
  CHECK(plain->learning_areas == std::vector<std::string>{"English"});  // the feed's
  CHECK(plain->year_levels == std::vector<int>{1, 2, 3});
  CHECK(plain->added == "2026-03-15");  // no date: the day it was seen

  item.link = "not a link";
  CHECK_FALSE(to_resource(item, config(), "2026-03-15"));
}

TEST_CASE("the first poll adds the feed's items once, a 304 adds nothing", "[digest][feed_import]") {
  auto u = apply_fetch(config(), "school", {}, ok(rss), import_now_ms, "2026-03-15", nullptr, {});
  REQUIRE(u.added.size() == 2);  // the repeated link is added once
  CHECK(u.added[0].title == "Rock cycle poster");
  CHECK(u.skipped == 1);
  CHECK(ops(u.txn, catalogue::resources_collection) == 2);
  CHECK(ops(u.txn, sources_collection) == 1);
  CHECK(u.told == poll_result::notice::none);
  const auto state = u.txn.operations().back().value.get<source_state>();
  CHECK(state.etag == "\"v1\"");
  CHECK(state.url == config().url);

  fetch::result same;
  same.what = fetch::result::outcome::not_modified;
  same.status = 304;
  same.etag = "\"v1\"";
  const auto again = apply_fetch(config(), "school", state, same, import_now_ms + 1000, "2026-03-15", nullptr, {});
  CHECK(again.added.empty());
  CHECK(ops(again.txn, catalogue::resources_collection) == 0);
  CHECK(ops(again.txn, sources_collection) == 1);
}

TEST_CASE("items the catalogue already has are not added again", "[digest][feed_import]") {
  const auto rock = catalogue::make_id("https://lib.example.nz/rock");
  auto u = apply_fetch(config(), "school", {}, ok(rss), import_now_ms, "2026-03-15",
                       [&](std::string_view id) { return id == rock; }, {});
  REQUIRE(u.added.size() == 1);
  CHECK(u.added[0].title == "Poems for juniors");
}

TEST_CASE("a broken feed tells library staff once, and again when it recovers", "[digest][feed_import]") {
  flows::problem_list problems;
  const auto reg = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
  staff_notice notice;
  notice.words = &reg.messages();
  notice.to = {core::conversation_ref("console", "school", "dm-aroha", "aroha"),
               core::conversation_ref("console", "school", "dm-mere", "mere")};
  source_state state;
  std::size_t notices = 0;
  for (int i = 0; i < failures_before_report + 2; ++i) {
    auto u = apply_fetch(config(), "school", state, broken(), import_now_ms + i, "2026-03-15", nullptr, notice);
    CHECK(u.error == "the server answered 500");
    notices += ops(u.txn, core::collections::outbox);
    if (i == failures_before_report - 1) {
      CHECK(u.told == poll_result::notice::broken);
      const auto text = u.txn.operations().front().value.dump();
      CHECK(text.find("New at the library") != std::string::npos);
      CHECK(text.find("the server answered 500") != std::string::npos);
    }
    state = u.txn.operations().back().value.get<source_state>();
  }
  CHECK(notices == 2);  // one per staff member, once
  auto back = apply_fetch(config(), "school", state, ok(rss), import_now_ms + 100, "2026-03-15", nullptr, notice);
  CHECK(back.told == poll_result::notice::recovered);
  CHECK(ops(back.txn, core::collections::outbox) == 2);
  CHECK(back.added.size() == 2);
}
