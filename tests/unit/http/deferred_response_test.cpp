// Deferred responses: made on the connection's own thread just before they are written,
// never on the thread that called the responder; a `make` that throws is a 500.
#include "server_fixture.hpp"

#include "support/http_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace commonsbot::http;
using namespace commonsbot::http::testing;
namespace test = commonsbot::test;

TEST_CASE("a deferred response is made on a server thread, not the responder's", "[http][server]") {
  background later;
  std::atomic<int> made{0};
  std::thread::id responder_thread, make_thread;
  std::mutex ids;
  router r = basic_routes();
  r.add("GET", "/deferred", [&](request, responder respond) {
    later.run([&, respond = std::move(respond)] {
      {
        std::lock_guard lock(ids);
        responder_thread = std::this_thread::get_id();
      }
      respond(response::deferred([&] {
        std::lock_guard lock(ids);
        make_thread = std::this_thread::get_id();
        ++made;
        return response::text(201, "made");
      }));
    });
  });
  r.add("GET", "/deferred-throws", [](request, responder respond) {
    respond(response::deferred([]() -> response { throw std::runtime_error("boom"); }));
  });
  running_server s(r);
  test::http_connection conn(s.port());
  const auto res = conn.get("/deferred");
  REQUIRE(res.error.empty());
  CHECK(res.status == 201);
  CHECK(res.body == "made");
  CHECK(made == 1);
  {
    std::lock_guard lock(ids);
    CHECK(make_thread != std::thread::id{});
    CHECK(make_thread != responder_thread);
  }
  const auto failed = conn.get("/deferred-throws");
  CHECK(failed.status == 500);
  CHECK(failed.body.find("boom") == std::string::npos);
  CHECK(conn.get("/ok").status == 200);  // the connection and the server are still fine
}

TEST_CASE("settle makes a deferred response once and passes others through", "[http]") {
  int calls = 0;
  auto plain = settle(response::text(200, "as is"));
  CHECK(plain.body == "as is");
  auto made = settle(response::deferred([&calls] {
    ++calls;
    return response::json(200, "{}");
  }));
  CHECK(calls == 1);
  CHECK(made.body == "{}");
  CHECK_FALSE(made.make);
}
