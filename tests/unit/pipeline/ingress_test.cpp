#include "pipeline/ingress.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <thread>

using namespace commonsbot;

namespace {

// A push adapter for tests: "sig: good" verifies; the body is one event per line;
// "ping" is answered at once and "garbage" is malformed.
class fake_adapter final : public adapters::adapter {
 public:
  std::string_view platform() const override { return "fake"; }
  std::vector<adapters::route> routes() const override { return {{"POST", "/fake/events"}}; }
  adapters::verification verify(const http::request& req) const override {
    if (req.header("sig") == "good") return adapters::verification::pass();
    return adapters::verification::fail(401, "bad_signature", "The signature does not match.");
  }
  adapters::inbound parse(const http::request& req) const override {
    adapters::inbound in;
    if (req.body == "ping") in.immediate = http::response::text(200, "pong");
    else if (req.body == "garbage") in.rejection = http::response::json_error(400, "malformed", "Not an event.");
    else {
      std::size_t start = 0;
      while (start < req.body.size()) {
        auto end = req.body.find('\n', start);
        if (end == std::string::npos) end = req.body.size();
        core::event ev;
        ev.text = req.body.substr(start, end - start);
        in.events.push_back(ev);
        start = end + 1;
      }
    }
    return in;
  }
  std::vector<adapters::outbound_request> render(const core::message&, const core::conversation_ref&) const override {
    return {};
  }
};

// A push adapter that forgot to override verify: it would accept anything if it could.
class unverified_adapter final : public adapters::adapter {
 public:
  std::string_view platform() const override { return "careless"; }
  std::vector<adapters::route> routes() const override { return {{"POST", "/careless/events"}}; }
  adapters::inbound parse(const http::request& req) const override {
    adapters::inbound in;
    core::event ev;
    ev.text = req.body;
    in.events.push_back(ev);
    return in;
  }
  std::vector<adapters::outbound_request> render(const core::message&, const core::conversation_ref&) const override {
    return {};
  }
};

// Completes each event on its own thread, later, as a real store commit would.
class threaded_sink final : public core::event_sink {
 public:
  void submit(core::event ev, std::function<void(core::outcome)> done) override {
    seen.push_back(ev.text);
    threads.emplace_back([ev, done] {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      core::outcome o;
      o.result = ev.text == "fail" ? core::outcome::status::unavailable : core::outcome::status::done;
      done(o);
    });
  }
  ~threaded_sink() override {
    for (auto& t : threads) t.join();
  }
  std::vector<std::string> seen;
  std::vector<std::thread> threads;
};

http::response call(const adapters::adapter& a, core::event_sink& sink, std::string body, std::string sig) {
  http::request req;
  req.method = "POST";
  req.path = "/fake/events";
  req.body = std::move(body);
  req.headers.emplace_back("sig", std::move(sig));
  std::promise<http::response> p;
  auto f = p.get_future();
  pipeline::handle_inbound(a, sink, req, [&p](http::response r) { p.set_value(std::move(r)); });
  return http::settle(f.get());  // as the server does for a deferred acknowledgement
}

}  // namespace

TEST_CASE("ingress verifies before parsing and answers only when every event is durable", "[app][ingress]") {
  fake_adapter a;
  threaded_sink sink;

  auto refused = call(a, sink, "one", "forged");
  CHECK(refused.status == 401);
  CHECK(refused.body.find("bad_signature") != std::string::npos);
  CHECK(sink.seen.empty());

  auto malformed = call(a, sink, "garbage", "good");
  CHECK(malformed.status == 400);
  CHECK(sink.seen.empty());

  auto ping = call(a, sink, "ping", "good");
  CHECK(ping.status == 200);
  CHECK(ping.body == "pong");
  CHECK(sink.seen.empty());

  auto ok = call(a, sink, "one\ntwo\nthree", "good");
  CHECK(ok.status == 200);
  CHECK(sink.seen == std::vector<std::string>{"one", "two", "three"});

  auto unavailable = call(a, sink, "fine\nfail", "good");
  CHECK(unavailable.status == 503);
}

TEST_CASE("mount registers the adapter's routes", "[app][ingress]") {
  fake_adapter a;
  threaded_sink sink;
  http::router routes;
  pipeline::mount(routes, a, sink);
  http::request req;
  req.method = "GET";
  req.path = "/fake/events";
  http::response got;
  routes.dispatch(req, [&got](http::response r) { got = std::move(r); });
  CHECK(got.status == 405);
}

TEST_CASE("a push adapter that does not verify accepts nothing", "[app][ingress]") {
  unverified_adapter a;
  threaded_sink sink;
  auto refused = call(a, sink, "anything", "good");
  CHECK(refused.status == 401);
  CHECK(refused.body.find("not_verified") != std::string::npos);
  CHECK(sink.seen.empty());
}
