// Digest feeds against a local HTTP server through the real fetcher (libcurl): the first poll
// adds the feed's items to the catalogue and the store; the next sends the ETag back, gets a
// 304 and adds nothing; a feed that is not due is not fetched; a broken feed makes exactly
// one notice to library staff however often it fails, and a subscribed teacher's digest then
// carries the feed's items.
#include "catalogue/catalogue.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "delivery/outbox_entry.hpp"
#include "digest/digest_fire.hpp"
#include "flows/flow_registry.hpp"
#include "support/fake_platform.hpp"
#include "support/memory_store.hpp"
#include "workers/digest_feeds.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

namespace {

constexpr long long now_ms = 1773532800000LL;  // 2026-03-15
constexpr long long hour_ms = 3600LL * 1000;

const char* rss = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>New at the library</title>
<item><title>Rock cycle poster</title><link>https://lib.example.nz/rock</link><guid>g1</guid>
  <pubDate>Tue, 10 Mar 2026 09:00:00 +1300</pubDate><category>Year 5</category></item>
<item><title>Volcano kit</title><link>https://lib.example.nz/volcano</link><guid>g2</guid>
  <pubDate>Wed, 11 Mar 2026 09:00:00 +1300</pubDate></item>
</channel></rss>)";

core::person person(const std::string& id, core::role role) {
  core::person p;
  p.tenant = "school";
  p.platform = "console";
  p.user_id = id;
  p.display_name = id;
  p.role = role;
  p.direct = core::conversation_ref("console", "school", "dm-" + id, id);
  return p;
}

}  // namespace

TEST_CASE("digest feeds: ETag then 304, due times, one notice for a broken feed", "[integration][digest][feeds]") {
  test::fake_platform api;
  commonsbot::test::memory_store db;
  flows::problem_list problems;
  const auto reg = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
  catalogue::catalogue cat;
  collab::services services;
  services.resources = &cat;
  digest::context ctx;
  ctx.services = &services;
  ctx.messages = &reg.messages();
  digest::feed_config feed;
  feed.url = api.url("/new.rss");
  feed.name = "New at the library";
  feed.learning_areas = {"science"};
  feed.refresh_minutes = 360;
  ctx.tenants["school"].time_zone = "Pacific/Auckland";
  ctx.tenants["school"].feeds = {feed};
  {
    store::transaction txn;
    for (const auto& p : {person("aroha", core::role::library_staff), person("ana", core::role::teacher)})
      txn.put(std::string(core::collections::people), core::tenant_key("school", p.key()), nlohmann::json(p));
    REQUIRE(db.commit(std::move(txn)));
  }
  workers::digest_feeds feeds(db, cat, ctx);

  test::fake_response first = test::fake_response::ok(rss);
  first.headers = {{"ETag", "\"v1\""}, {"Content-Type", "application/rss+xml"}};
  api.queue(first);
  auto r = feeds.refresh_due(now_ms);
  CHECK(r.polled == 1);
  CHECK(r.added == 2);
  const auto rock = catalogue::make_id("https://lib.example.nz/rock");
  REQUIRE(cat.find("school", rock));
  CHECK(cat.find("school", rock)->learning_areas == std::vector<std::string>{"Science"});
  CHECK(cat.find("school", rock)->year_levels == std::vector<int>{5});
  CHECK(db.get(catalogue::resources_collection, catalogue::store_key("school", rock)));
  CHECK(db.count(catalogue::resources_collection) == 2);

  // Not due yet: no request at all.
  CHECK(feeds.refresh_due(now_ms + hour_ms).polled == 0);
  CHECK(api.count() == 1);

  test::fake_response same;
  same.status = 304;
  same.body.clear();
  same.headers = {{"ETag", "\"v1\""}};
  api.queue(same);
  r = feeds.refresh_due(now_ms + 7 * hour_ms);
  CHECK(r.polled == 1);
  CHECK(r.added == 0);
  REQUIRE(api.count() == 2);
  CHECK(api.requests()[1].header("If-None-Match") == "\"v1\"");
  CHECK(db.count(catalogue::resources_collection) == 2);

  SECTION("a subscribed teacher's digest then carries the feed's items") {
    auto p = digest::new_profile("school", "console:ana", {"science"}, {"Year 5"});
    p.subscribed = true;
    digest::sent_state sent;
    sent.last_sent_added = "2026-03-01";  // only what is newer than the sample catalogue
    digest::matcher_cache cache;
    store::transaction txn;
    digest::store_view records(db);
    const auto d = digest::deliver(ctx, records, p, sent, now_ms + 8 * hour_ms, cache, 1, txn);
    CHECK(d.what == digest::outcome::sent);
    CHECK(d.items == 2);
  }

  SECTION("a broken feed is reported to library staff exactly once") {
    digest::feed_config bad;
    bad.url = api.url("/broken.rss");
    bad.name = "Publisher news";
    api.on("/broken.rss", test::fake_response::error(500, "oops"));
    std::size_t notices = 0;
    for (int i = 0; i < 6; ++i) {
      workers::feed_round round;
      feeds.refresh("school", bad, now_ms + i * hour_ms, round);
      notices += round.notices;
      CHECK(round.failed == 1);
    }
    CHECK(notices == 1);
    const auto outbox = db.scan(core::collections::outbox, "school/");
    REQUIRE(outbox.size() == 1);
    const auto e = outbox[0].second.get<delivery::outbox_entry>();
    CHECK(e.to.user_id == "aroha");
    CHECK(e.message.text.find("Publisher news") != std::string::npos);
    const auto state = db.get(digest::sources_collection, digest::source_key("school", bad.url))->get<digest::source_state>();
    CHECK(state.consecutive_failures == 6);
    CHECK_FALSE(state.last_error.empty());
  }
}
