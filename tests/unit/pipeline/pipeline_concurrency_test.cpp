// Two people changing one shared record at the same moment: the write_guard must make the
// second event re-read the first one's write instead of overwriting it.
#include "flows/engine.hpp"
#include "pipeline/pipeline.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

namespace {

struct concurrency_fixture {
  concurrency_fixture() {
    for (const char* key : {"engine.controls", "engine.gone", "engine.broken_flow", "b.summary", "b.usage", "b.done"})
      reg.messages().add("en-NZ", key, key);
    actions.add("counter.bump", [](flows::action_call& call) {
      const auto current = call.ctx.records->get("counters", "s/c");
      const int n = current ? current->value("n", 0) : 0;
      call.out.writes.put("counters", "s/c", {{"n", n + 1}});
      call.out.notices.push_back({{"test", "s", "", "partner", "", "", ""}, {}});
      return flows::action_result{};
    });
    flows::problem_list problems;
    auto flow = flows::parse_flow(nlohmann::json::parse(R"({
      "id": "b", "command": "bump", "summary": "b.summary", "usage": "b.usage", "start": "go",
      "steps": {"go": {"kind": "act", "action": "counter.bump", "next": "done"}, "done": {"kind": "end", "text": "b.done"}}
    })"), "b.json", reg.messages(), problems);
    REQUIRE(flow);
    reg.add(*flow);
    pipeline::pipeline_options options;
    options.actions = &actions;
    events = std::make_unique<pipeline::pipeline>(db, reg, clock, options);
  }

  core::event bump(const std::string& user) {
    core::event ev;
    ev.platform = "test";
    ev.tenant = "s";
    ev.conversation_id = "dm-" + user;
    ev.user_id = user;
    ev.kind = core::event_kind::command;
    ev.command = "bump";
    ev.reply = {"test", "s", ev.conversation_id, user, "", "", ""};
    return ev;
  }

  int counter() const {
    auto c = db.get("counters", "s/c");
    return c ? c->value("n", 0) : 0;
  }

  test::memory_store db;
  core::manual_clock clock{core::from_epoch_ms(1'700'000'000'000)};
  flows::flow_registry reg;
  flows::action_registry actions;
  std::unique_ptr<pipeline::pipeline> events;
};

}  // namespace

TEST_CASE("events from different people that change one record both count") {
  concurrency_fixture f;
  f.db.hold_commits = true;
  int done = 0;
  f.events->submit(f.bump("aroha"), [&](core::outcome o) { done += o.result == core::outcome::status::done; });
  f.events->submit(f.bump("ben"), [&](core::outcome o) { done += o.result == core::outcome::status::done; });
  // Aroha's commit is held; Ben's attempt read the old value and must wait for it.
  f.db.hold_commits = false;
  while (f.db.release_held() > 0) {
  }
  CHECK(done == 2);
  CHECK(f.counter() == 2);
  CHECK(f.events->retried() == 1);
  CHECK(f.db.count("outbox") == 2);  // each event's notice committed once, none from the lost attempt
}

TEST_CASE("events that change one record one after another need no retry") {
  concurrency_fixture f;
  for (const char* who : {"aroha", "ben", "aroha"}) f.events->submit(f.bump(who), [](core::outcome) {});
  CHECK(f.counter() == 3);
  CHECK(f.events->retried() == 0);
}
