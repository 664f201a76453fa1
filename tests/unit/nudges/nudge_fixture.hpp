// A school with a weekly Years 5-6 syndicate meeting (Tuesdays 8:15am, Pacific/Auckland),
// people, plans with unticked checklist items and a catalogue with new resources, plus the
// nudge actions registered on the collab test world, so a test can fire a nudge job and
// press its buttons like a person would.
#pragma once

#include "catalogue/catalogue.hpp"
#include "collab/plan.hpp"
#include "delivery/outbox_entry.hpp"
#include "meetings/meeting.hpp"
#include "nudges/actions.hpp"
#include "nudges/nudge_fire.hpp"
#include "nudges/nudge_record.hpp"
#include "schedule/job.hpp"
#include "schedule/scheduler.hpp"
#include "unit/collab/collab_fixture.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::test::nudges_test {

using collab_test::has;

// Monday 10 March 2025, 15:00 NZDT: the day before the meeting, when the default rule fires.
inline constexpr long long fire_ms = collab_test::monday_ms + 60LL * 60 * 1000;
// Tuesday 11 March 2025, 8:15am NZDT.
inline constexpr long long meeting_ms = 1741634100000LL;
inline constexpr const char* fire_id = "nudge-m1-0@2025-03-10T15:00";

struct school : collab_test::world {
  school() {
    load({"checklist", "learning_areas", "nudge_starters"});
    services.words = &words;
    services.resources = &resources;
    ctx.db = &db;
    ctx.services = &services;
    ctx.messages = &reg.messages();
    ctx.tenants["school"].time_zone = "Pacific/Auckland";
    nudges::register_actions(actions, ctx);
    now_ms = fire_ms;

    aroha = add_person("Aroha", core::role::library_staff);
    mere = add_person("Mere", core::role::teacher);
    sam = add_person("Sam", core::role::library_staff);

    m.id = "m1";
    m.tenant = "school";
    m.name = "Years 5-6 syndicate";
    m.kind = "syndicate";
    m.plans_for.learning_areas = {"maths"};
    m.plans_for.year_levels = {"5-6"};
    m.plans_for.team = "Senior syndicate";
    m.attendees = {aroha, mere};
    m.when.every = schedule::recurrence::cadence::weekly;
    m.when.weekdays = {2};
    m.when.hour = 8;
    m.when.minute = 15;
    m.when.zone = "Pacific/Auckland";
    m.school_terms_only = false;
    m.location = "Library";
    put_meeting();

    job.id = "nudge-m1-0";
    job.tenant = "school";
    job.kind = "nudge";
    job.payload = {{"meeting", "m1"}, {"rule", 0}};
  }

  void put_meeting() {
    store::transaction t;
    t.put(std::string(meetings::collection), m.key(), m);
    REQUIRE(db.commit(std::move(t)));
  }

  void put_plan(const collab::plan& p) {
    store::transaction t;
    t.put(std::string(collab::plans_collection), p.key(), p);
    REQUIRE(db.commit(std::move(t)));
  }

  // A plan with the whole checklist, the first `ticked` items ticked.
  collab::plan plan(const std::string& id, const std::string& title, std::vector<std::string> areas,
                    std::vector<std::string> years, std::size_t ticked, long long created) {
    collab::plan p;
    p.id = id;
    p.tenant = "school";
    p.title = title;
    p.learning_areas = std::move(areas);
    p.year_levels = std::move(years);
    p.owner = mere;
    p.partners = {mere, aroha};
    p.created_ms = created;
    for (const auto& item : words.list("checklist")) p.checklist.push_back({item.id, p.checklist.size() < ticked, "", 0});
    return p;
  }

  void update_person(const std::string& name, const std::function<void(core::person&)>& change) {
    auto p = person(name);
    REQUIRE(p);
    change(*p);
    store::transaction t;
    t.put(std::string(core::collections::people), core::tenant_key("school", p->key()), *p);
    REQUIRE(db.commit(std::move(t)));
  }

  // Fires the job as the scheduler would at `at`, and commits what it returns.
  store::transaction fire(long long at = fire_ms, const std::string& id = fire_id, bool commit = true) {
    schedule::fire f;
    f.id = id;
    f.of = &job;
    f.scheduled_ms = at;
    f.now_ms = at;
    auto txn = nudges::fire(ctx, f);
    if (commit) {
      store::transaction copy = txn;
      REQUIRE(db.commit(std::move(copy)));
    }
    return txn;
  }

  std::optional<nudges::nudge_record> record(const std::string& person_key, const std::string& id = fire_id) const {
    auto j = db.get(nudges::collection, nudges::record_key("school", id, person_key));
    if (!j) return std::nullopt;
    return nudges::read_record(*j);
  }

  std::vector<delivery::outbox_entry> outbox() const {
    std::vector<delivery::outbox_entry> out;
    for (const auto& [k, j] : db.scan(core::collections::outbox, "")) out.push_back(j.get<delivery::outbox_entry>());
    return out;
  }

  catalogue::catalogue resources;
  nudges::context ctx;
  meetings::meeting m;
  schedule::job job;
  std::string aroha, mere, sam;
};

inline catalogue::resource resource(const std::string& title, const std::string& area, const std::string& added) {
  catalogue::resource r;
  r.title = title;
  r.link = "https://example.org/" + collab_test::id_for(title);
  r.learning_areas = {area};
  r.year_levels = {5, 6};
  r.added = added;
  return r;
}

}  // namespace commonsbot::test::nudges_test
