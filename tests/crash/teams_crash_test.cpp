// The real binary serving Teams, killed with SIGKILL in the middle of a conversation and
// restarted on the same data: every message Teams heard "200" for is still there (the flow
// carries on from the question after it) and every reply it caused reaches the Connector,
// even those still in the outbox at the kill. A reply sent just before the kill may go out
// again after it (the outbox's known window, docs/delivery.md); none may go missing.
#include "integration/teams_server.hpp"

#include <csignal>

using namespace commonsbot;
using namespace commonsbot::test;
using namespace commonsbot::test::teams_e2e;

TEST_CASE("teams e2e: kill -9 mid-conversation loses nothing acknowledged", "[crash][teams]") {
  teams_server s;
  // The Connector is slow, so replies are still in the outbox when the server dies.
  s.ms.http().on("/v3/conversations/", fake_response::slow(std::chrono::milliseconds(300)), 4);
  for (const char* line : {"library plan Volcanoes", "Science", "7"}) {
    auto r = s.send(s.message(line));
    REQUIRE(r.status == 200);
  }
  s.process->signal(SIGKILL);
  s.process->wait();

  s.start();
  const json reaction = s.ms.activity("message_reaction.json");
  REQUIRE(eventually([&] { return s.send(reaction).status == 200; }));
  // Each acknowledged message's question reached Sam, before or after the kill.
  INFO(s.log());
  CHECK(s.wait_for_sent("Which learning area"));
  CHECK(s.wait_for_sent("Which year levels"));
  CHECK(s.wait_for_sent("planning with"));
  // The flow carries on at the question after the last acknowledged answer.
  REQUIRE(s.send(s.message("skip")).status == 200);
  CHECK(s.wait_for_sent("No one from the library is on this plan yet"));

  auto db = s.stop_and_open();
  for (int i = 1; i <= 3; ++i)
    CHECK(db->get(core::collections::dedupe,
                  core::tenant_key(fake_microsoft::tenant, "teams/17327020" + std::to_string(10000 + i))));
  CHECK(db->count(core::collections::sessions) == 1);
}
