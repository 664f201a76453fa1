#include "core/keys.hpp"
#include "pipeline/pipeline.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

namespace {

struct pipeline_fixture {
  pipeline_fixture() {
    flows::problem_list problems;
    flows = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    REQUIRE(problems.empty());
    pipeline::pipeline_options options;
    options.session_idle_ms = 60'000;
    options.seed_roles["school"]["aroha"] = core::role::library_staff;
    events = std::make_unique<pipeline::pipeline>(db, flows, clock, options);
  }

  core::event event(const std::string& user, const std::string& line, std::string delivery = "") {
    core::event ev;
    ev.platform = "test";
    ev.tenant = "school";
    ev.conversation_id = "dm-" + user;
    ev.user_id = user;
    ev.user_name = user;
    ev.delivery_id = std::move(delivery);
    ev.reply = {"test", "school", ev.conversation_id, user, "", "", ""};
    if (!line.empty() && line.front() == '/') {
      ev.kind = core::event_kind::command;
      core::parse_command_text(line, ev.command, ev.args);
    } else {
      ev.kind = core::event_kind::message;
      ev.text = line;
    }
    return ev;
  }

  core::outcome send(core::event ev) {
    core::outcome result;
    bool called = false;
    events->submit(std::move(ev), [&](core::outcome o) {
      result = std::move(o);
      called = true;
    });
    REQUIRE(called);  // the memory store commits synchronously
    return result;
  }

  test::memory_store db;  // NOLINT
  core::manual_clock clock{core::from_epoch_ms(1'700'000'000'000)};
  flows::flow_registry flows;
  std::unique_ptr<pipeline::pipeline> events;
};

std::string all_text(const core::outcome& o) {
  std::string s;
  for (const auto& m : o.replies) s += core::plain_text(m) + "\n";
  return s;
}

}  // namespace

TEST_CASE("help answers with the commands for the person's role", "[app][pipeline]") {
  pipeline_fixture f;
  auto teacher = f.send(f.event("sam", "/library help"));
  REQUIRE(teacher.result == core::outcome::status::done);
  CHECK(all_text(teacher).find("/library help") != std::string::npos);
  CHECK(all_text(teacher).find("/library starters") == std::string::npos);  // library staff only

  auto librarian = f.send(f.event("aroha", "/library help"));
  CHECK(all_text(librarian).find("/library starters") != std::string::npos);

  // The first meeting stored each person, with the seeded role.
  auto stored = f.db.get(core::collections::people, "school/test:aroha");
  REQUIRE(stored);
  CHECK(stored->at("role") == "library_staff");
  CHECK(f.db.get(core::collections::people, "school/test:sam")->at("role") == "teacher");
}

TEST_CASE("a flow's state lives in the store between events", "[app][pipeline]") {
  pipeline_fixture f;
  auto first = f.send(f.event("aroha", "/library starters"));
  CHECK(all_text(first).find("Where will you be talking") != std::string::npos);
  const auto key = pipeline::session_key(f.event("aroha", ""));
  REQUIRE(f.db.get(core::collections::sessions, key));

  auto second = f.send(f.event("aroha", "3"));
  CHECK(all_text(second).find("When a class books the library") != std::string::npos);
  CHECK(f.db.get(core::collections::sessions, key)->at("step") == "again");

  auto last = f.send(f.event("aroha", "no"));
  CHECK(all_text(last).find("Go well") != std::string::npos);
  CHECK_FALSE(f.db.get(core::collections::sessions, key));
}

TEST_CASE("refusals, unknown commands and stray answers change no session", "[app][pipeline]") {
  pipeline_fixture f;
  auto refused = f.send(f.event("sam", "/library starters"));
  CHECK(all_text(refused).find("is for library staff") != std::string::npos);
  CHECK(f.db.count(core::collections::sessions) == 0);

  auto unknown = f.send(f.event("sam", "/library dance"));
  CHECK(all_text(unknown).find("I don't know /library dance") != std::string::npos);

  auto stray = f.send(f.event("sam", "hello?"));
  CHECK(all_text(stray).find("/library help") != std::string::npos);
  CHECK(f.db.count(core::collections::sessions) == 0);
}

TEST_CASE("help during a flow keeps the flow open", "[app][pipeline]") {
  pipeline_fixture f;
  f.send(f.event("aroha", "/library starters"));
  auto help = f.send(f.event("aroha", "/library help"));
  CHECK(all_text(help).find("still part-way through /library starters") != std::string::npos);
  auto answer = f.send(f.event("aroha", "1"));
  CHECK(all_text(answer).find("Over a cuppa") != std::string::npos);
}

TEST_CASE("a repeated delivery id has no second effect", "[app][pipeline]") {
  pipeline_fixture f;
  f.send(f.event("aroha", "/library starters", "d-1"));
  auto first = f.send(f.event("aroha", "2", "d-2"));
  CHECK(first.result == core::outcome::status::done);
  const int commits = f.db.commits;
  auto again = f.send(f.event("aroha", "2", "d-2"));
  CHECK(again.result == core::outcome::status::duplicate);
  CHECK(again.replies.empty());
  CHECK(f.db.commits == commits);
  CHECK(f.db.get(core::collections::sessions, pipeline::session_key(f.event("aroha", "")))->at("step") == "again");
}

TEST_CASE("an idle flow times out and the person is told", "[app][pipeline]") {
  pipeline_fixture f;
  f.send(f.event("aroha", "/library starters"));
  f.clock.advance(std::chrono::minutes(2));
  auto late = f.send(f.event("aroha", "1"));
  CHECK(all_text(late).find("went quiet") != std::string::npos);
  CHECK(f.db.count(core::collections::sessions) == 0);
}

TEST_CASE("a failed commit reports unavailable and changes nothing", "[app][pipeline]") {
  pipeline_fixture f;
  f.db.fail_commits = true;
  auto o = f.send(f.event("aroha", "/library starters"));
  CHECK(o.result == core::outcome::status::unavailable);
  f.db.fail_commits = false;
  CHECK(f.db.count(core::collections::sessions) == 0);
  CHECK(f.db.count(core::collections::people) == 0);
}

TEST_CASE("unusable events are refused before anything is read or written", "[app][pipeline]") {
  pipeline_fixture f;
  auto ev = f.event("aroha", "bad \xC3");
  auto o = f.send(ev);
  CHECK(o.result == core::outcome::status::invalid);
  ev = f.event("aroha", "/library help");
  ev.tenant = "a/b";
  CHECK(f.send(ev).result == core::outcome::status::invalid);
  CHECK(f.db.commits == 0);
}

TEST_CASE("tenants never see each other's people or sessions", "[app][pipeline]") {
  pipeline_fixture f;
  f.send(f.event("aroha", "/library starters"));
  auto other = f.event("aroha", "1");
  other.tenant = "another-school";
  other.reply.tenant = "another-school";
  auto o = f.send(other);
  // Same user id, different school: no open session there, and a separate teacher record.
  CHECK(all_text(o).find("/library help") != std::string::npos);
  CHECK(f.db.get(core::collections::people, "another-school/test:aroha")->at("role") == "teacher");
  CHECK(f.db.scan(core::collections::sessions, core::tenant_prefix("another-school")).empty());
}
