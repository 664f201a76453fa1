// An event whose handling throws (a corrupt person or session record in the store) gets an
// apology and a "failed" outcome, and the person's queue moves on: the event committed just
// before it is still answered, and later events for that person and others are handled.
#include "core/keys.hpp"
#include "pipeline/pipeline.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

namespace {

struct failing_record_fixture {
  failing_record_fixture() {
    flows::problem_list problems;
    flows = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    REQUIRE(problems.empty());
    pipeline::pipeline_options options;
    options.session_idle_ms = 60'000;
    events = std::make_unique<pipeline::pipeline>(db, flows, clock, options);
  }

  core::event event(const std::string& user, const std::string& line, const std::string& delivery) {
    core::event ev;
    ev.platform = "test";
    ev.tenant = "school";
    ev.conversation_id = "dm-" + user;
    ev.user_id = user;
    ev.delivery_id = delivery;
    ev.reply = {"test", "school", ev.conversation_id, user, "", "", ""};
    if (line.front() == '/') {
      ev.kind = core::event_kind::command;
      core::parse_command_text(line, ev.command, ev.args);
    } else {
      ev.kind = core::event_kind::message;
      ev.text = line;
    }
    return ev;
  }

  // Submits and keeps the outcome here, whenever it comes.
  std::shared_ptr<std::optional<core::outcome>> submit(core::event ev) {
    auto out = std::make_shared<std::optional<core::outcome>>();
    events->submit(std::move(ev), [out](core::outcome o) { *out = std::move(o); });
    return out;
  }

  void put_raw(const std::string& collection, const std::string& key, nlohmann::json value) {
    store::transaction t;
    t.put(collection, key, std::move(value));
    REQUIRE(db.commit(std::move(t)));
  }

  test::memory_store db;  // NOLINT
  core::manual_clock clock{core::from_epoch_ms(1'700'000'000'000)};
  flows::flow_registry flows;
  std::unique_ptr<pipeline::pipeline> events;
};

bool failing_record_apologised(const std::optional<core::outcome>& o) {
  return o && o->result == core::outcome::status::failed && o->replies.size() == 1 &&
         core::plain_text(o->replies.front()).find("Sorry, something went wrong on my side") != std::string::npos;
}

bool failing_record_done(const std::optional<core::outcome>& o) {
  return o && o->result == core::outcome::status::done && !o->replies.empty();
}

}  // namespace

TEST_CASE("a corrupt session record behind a committed event: both answered, the queue moves on", "[app][pipeline]") {
  failing_record_fixture f;
  const std::string skey = pipeline::session_key(f.event("sam", "/library help", ""));
  f.db.hold_commits = true;
  auto first = f.submit(f.event("sam", "/library help", "d-1"));  // runs, its commit waits
  auto second = f.submit(f.event("sam", "hello", "d-2"));          // queued behind it
  CHECK_FALSE(first->has_value());
  CHECK_FALSE(second->has_value());
  f.put_raw(std::string(core::collections::sessions), skey, "not a session");
  f.db.hold_commits = false;
  REQUIRE_NOTHROW(f.db.release_held());  // the first commit's callback starts the second event

  CHECK(failing_record_done(*first));  // committed, so its reply still arrives
  CHECK(failing_record_apologised(*second));

  // Later events for sam are handled (the record is still corrupt: an apology each time), and
  // so are other people's.
  auto third = f.submit(f.event("sam", "/library help", "d-3"));
  CHECK(failing_record_apologised(*third));
  auto other = f.submit(f.event("aroha", "/library help", "d-4"));
  CHECK(failing_record_done(*other));

  // Once the record is mended, sam's queue is not stuck.
  store::transaction mend;
  mend.erase(std::string(core::collections::sessions), skey);
  REQUIRE(f.db.commit(std::move(mend)));
  auto fourth = f.submit(f.event("sam", "/library help", "d-5"));
  CHECK(failing_record_done(*fourth));
  // A failed event was not remembered as handled: its redelivery runs again.
  CHECK_FALSE(f.db.get(core::collections::dedupe, core::tenant_key("school", "test/d-2")));
}

TEST_CASE("a corrupt person record: each event of theirs apologises, nobody waits", "[app][pipeline]") {
  failing_record_fixture f;
  f.put_raw(std::string(core::collections::people), core::tenant_key("school", "test:sam"),
            nlohmann::json{{"tenant", "school"}, {"user_id", "sam"}, {"display_name", {{"not", "a name"}}}});

  std::shared_ptr<std::optional<core::outcome>> first;
  REQUIRE_NOTHROW(first = f.submit(f.event("sam", "/library help", "d-1")));
  CHECK(failing_record_apologised(*first));
  auto second = f.submit(f.event("sam", "hello", "d-2"));
  CHECK(failing_record_apologised(*second));
  auto other = f.submit(f.event("aroha", "/library help", "d-3"));
  CHECK(failing_record_done(*other));

  // With commits held, an event queued behind a failing one still runs when it is its turn.
  f.db.hold_commits = true;
  auto third = f.submit(f.event("sam", "/library help", "d-4"));
  auto fourth = f.submit(f.event("sam", "/library help", "d-5"));
  CHECK(failing_record_apologised(*third));
  CHECK(failing_record_apologised(*fourth));
  f.db.hold_commits = false;
  CHECK(f.db.release_held() == 0);  // nothing was committed for them
  CHECK(f.db.count(core::collections::sessions) == 0);
}
