// The scheduled "digest" fire and the per-profile delivery `digest run` shares: a digest goes
// to the teacher's DM with their watermark ("digest_sent") moved in the same transaction, so
// firing again sends nothing; the profile is never written; nothing new, unsubscribed or off
// sends nothing; matchers are shared; a watermark from before "digest_sent" still counts.
#include "digest_support.hpp"

#include "catalogue/catalogue.hpp"
#include "collab/services.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "delivery/outbox_entry.hpp"
#include "digest/digest_fire.hpp"
#include "digest/digest_jobs.hpp"
#include "flows/flow_registry.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::digest;
using digest::testkit::teacher;

namespace {

constexpr long long now_ms = 1773532800000LL;  // 2026-03-15

catalogue::resource item(std::string id, std::string title, std::string area, int year, std::string added) {
  catalogue::resource r = *digest::testkit::res(std::move(id), std::move(title), {std::move(area)}, {year}, {},
                                             std::move(added));
  return r;
}

struct fixture {
  commonsbot::test::memory_store db;
  flows::problem_list problems;
  flows::flow_registry reg = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
  catalogue::catalogue cat;
  collab::services services;
  context ctx;

  fixture() {
    services.resources = &cat;
    ctx.services = &services;
    ctx.messages = &reg.messages();
    cat.upsert("school", item("rock", "The rock cycle", "Science", 5, "2026-03-10"));
    cat.upsert("school", item("frac", "Fractions with food", "Mathematics and Statistics", 5, "2026-03-11"));
    add_person("ana", "Ana");
  }

  void add_person(const std::string& id, const std::string& name) {
    core::person p;
    p.tenant = "school";
    p.platform = "console";
    p.user_id = id;
    p.display_name = name;
    p.direct = core::conversation_ref("console", "school", "dm-" + id, id);
    store::transaction txn;
    txn.put(std::string(core::collections::people), core::tenant_key("school", p.key()), p);
    REQUIRE(db.commit(std::move(txn)));
  }

  void save(const profile& p) {
    store::transaction txn;
    txn.put(std::string(profiles_collection), profile_key(p.tenant, p.person), p);
    REQUIRE(db.commit(std::move(txn)));
  }

  profile stored(const std::string& person = "console:ana") {
    return *read_profile(*db.get(profiles_collection, profile_key("school", person)));
  }

  sent_state sent(const std::string& person = "console:ana") {
    return *read_sent(*db.get(sent_collection, profile_key("school", person)));
  }

  store::transaction fire_for(const std::string& person, long long at, matcher_cache* cache = nullptr) {
    job_.id = job_id(person);
    job_.tenant = "school";
    job_.kind = "digest";
    job_.payload = {{"person", person}};
    schedule::fire f;
    f.id = job_.id + "@x";
    f.of = &job_;
    f.now_ms = at;
    return fire(ctx, db, f, cache);
  }

  std::vector<delivery::outbox_entry> outbox() {
    std::vector<delivery::outbox_entry> out;
    for (const auto& [k, v] : db.scan(core::collections::outbox, "")) out.push_back(v.get<delivery::outbox_entry>());
    return out;
  }

  schedule::job job_;
};

std::size_t puts_to(const store::transaction& txn, std::string_view collection) {
  std::size_t n = 0;
  for (const auto& op : txn.operations()) n += op.collection == collection;
  return n;
}

}  // namespace

TEST_CASE("a digest fire queues the digest to the teacher's DM and moves their watermark with it", "[digest][fire]") {
  fixture fx;
  REQUIRE_FALSE(flows::has_errors(fx.problems));
  fx.save(teacher({"science"}, {5}));
  auto txn = fx.fire_for("console:ana", now_ms);
  CHECK(puts_to(txn, core::collections::outbox) == 1);
  CHECK(puts_to(txn, sent_collection) == 1);
  CHECK(puts_to(txn, profiles_collection) == 0);  // chat's record: never written by sending
  REQUIRE(fx.db.commit(std::move(txn)));

  const auto sent = fx.outbox();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].to.conversation_id == "dm-ana");
  CHECK(nlohmann::json(sent[0].message).dump().find("The rock cycle") != std::string::npos);
  CHECK(nlohmann::json(sent[0].message).dump().find("Fractions") == std::string::npos);
  CHECK(fx.stored() == teacher({"science"}, {5}));
  const auto s = fx.sent();
  CHECK(s.sent == std::vector<std::string>{"rock"});
  CHECK(s.last_sent_added == "2026-03-10");
  CHECK(s.last_sent_ms == now_ms);
  CHECK(s.digests == 1);
  CHECK(s.items == 1);

  SECTION("firing again sends nothing: the watermark and sent list cover it") {
    CHECK(fx.fire_for("console:ana", now_ms + 1000).empty());
  }
  SECTION("a resource added later goes in the next digest, alone") {
    fx.cat.upsert("school", item("volc", "Volcanoes", "Science", 5, "2026-03-20"));
    auto next = fx.fire_for("console:ana", now_ms + 7LL * 86400000);
    REQUIRE(fx.db.commit(std::move(next)));
    REQUIRE(fx.outbox().size() == 2);
    CHECK(fx.sent().sent == std::vector<std::string>{"rock", "volc"});
    CHECK(fx.sent().last_sent_added == "2026-03-20");
  }
}

TEST_CASE("no digest when there is nothing new, or the teacher is unsubscribed or off", "[digest][fire]") {
  fixture fx;
  SECTION("no match") {
    fx.save(teacher({"english"}, {5}));
    CHECK(fx.fire_for("console:ana", now_ms).empty());
  }
  SECTION("unsubscribed") {
    auto p = teacher({"science"}, {5});
    p.subscribed = false;
    fx.save(p);
    CHECK(fx.fire_for("console:ana", now_ms).empty());
  }
  SECTION("off") {
    auto p = teacher({"science"}, {5});
    p.frequency = frequency::off;
    fx.save(p);
    CHECK(fx.fire_for("console:ana", now_ms).empty());
  }
  SECTION("no profile any more") { CHECK(fx.fire_for("console:nobody", now_ms).empty()); }
}

TEST_CASE("a digest fire refuses a job naming no one, or without a catalogue", "[digest][fire]") {
  fixture fx;
  schedule::job j;
  j.id = "digest-x";
  j.tenant = "school";
  j.kind = "digest";
  schedule::fire f;
  f.of = &j;
  CHECK_THROWS(fire(fx.ctx, fx.db, f));
  fx.ctx.services = nullptr;
  CHECK_THROWS(fx.fire_for("console:ana", now_ms));
}

TEST_CASE("fires in one round share a matcher per watermark, a new round builds afresh", "[digest][fire]") {
  fixture fx;
  fx.add_person("ben", "Ben");
  fx.save(teacher({"science"}, {5}));
  auto ben = teacher({"maths"}, {5});
  ben.person = "console:ben";
  fx.save(ben);
  matcher_cache cache;
  auto a = fx.fire_for("console:ana", now_ms, &cache);
  auto b = fx.fire_for("console:ben", now_ms, &cache);
  CHECK(cache.built() == 1);
  CHECK(puts_to(a, core::collections::outbox) == 1);
  CHECK(puts_to(b, core::collections::outbox) == 1);
  fx.fire_for("console:ana", now_ms + 60000, &cache);
  CHECK(cache.built() == 2);
}

TEST_CASE("a dry run counts the items and writes nothing", "[digest][fire]") {
  fixture fx;
  matcher_cache cache;
  store::transaction txn;
  store_view records(fx.db);
  const auto r = deliver(fx.ctx, records, teacher({"science", "maths"}, {5}), {}, now_ms, cache, 1, txn, true);
  CHECK(r.what == outcome::sent);
  CHECK(r.items == 2);
  CHECK(txn.empty());
  auto off = teacher({"science"}, {5});
  off.subscribed = false;
  CHECK(deliver(fx.ctx, records, off, {}, now_ms, cache, 1, txn).what == outcome::skipped);
}

TEST_CASE("a watermark kept in a profile from before digest_sent still counts, and moves to digest_sent",
          "[digest][fire]") {
  fixture fx;
  auto p = teacher({"science", "maths"}, {5});
  p.legacy_sent = sent_state{now_ms - 1000, "2026-03-10", {"rock"}, 3, 7};  // rock went already
  fx.save(p);
  auto txn = fx.fire_for("console:ana", now_ms);
  CHECK(puts_to(txn, profiles_collection) == 0);
  REQUIRE(fx.db.commit(std::move(txn)));
  REQUIRE(fx.outbox().size() == 1);
  CHECK(nlohmann::json(fx.outbox()[0].message).dump().find("The rock cycle") == std::string::npos);
  CHECK(fx.sent() == sent_state{now_ms, "2026-03-11", {"rock", "frac"}, 4, 8});
  CHECK(fx.stored().legacy_sent == p.legacy_sent);  // left as it was: digest_sent wins from now on
  CHECK(fx.fire_for("console:ana", now_ms + 1000).empty());
}

TEST_CASE("a digest_sent record that cannot be read stops the fire rather than resend everything",
          "[digest][fire]") {
  fixture fx;
  fx.save(teacher({"science"}, {5}));
  store::transaction txn;
  txn.put(std::string(sent_collection), profile_key("school", "console:ana"), nlohmann::json{{"sent", "rock"}});
  REQUIRE(fx.db.commit(std::move(txn)));
  CHECK_THROWS(fx.fire_for("console:ana", now_ms));
}
