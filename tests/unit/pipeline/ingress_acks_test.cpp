// The acknowledgement is a deferred response: it is made by whoever settles it (the server,
// on the connection's own thread), never on the thread that completed the last event (the
// store's commit thread).
#include "pipeline/ingress.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <thread>

using namespace commonsbot;

namespace {

class one_event_adapter final : public adapters::adapter {
 public:
  std::string_view platform() const override { return "fake"; }
  adapters::verification verify(const http::request&) const override { return adapters::verification::pass(); }
  adapters::inbound parse(const http::request& req) const override {
    adapters::inbound in;
    core::event ev;
    ev.text = req.body;
    in.events.push_back(ev);
    return in;
  }
  http::response acknowledge(const adapters::inbound&, const std::vector<core::outcome>&) const override {
    acked_on = std::this_thread::get_id();
    return http::response::text(200, "ok");
  }
  std::vector<adapters::outbound_request> render(const core::message&, const core::conversation_ref&) const override {
    return {};
  }
  mutable std::thread::id acked_on;
};

// Completes each event on its own thread, as the store's commit thread would.
class commit_thread_sink final : public core::event_sink {
 public:
  void submit(core::event, std::function<void(core::outcome)> done) override {
    worker = std::thread([this, done] {
      completed_on = std::this_thread::get_id();
      done({});
    });
  }
  ~commit_thread_sink() override {
    if (worker.joinable()) worker.join();
  }
  std::thread worker;
  std::thread::id completed_on;
};

}  // namespace

TEST_CASE("ingress defers the acknowledgement to the thread that settles it", "[app][ingress]") {
  one_event_adapter a;
  commit_thread_sink sink;
  std::promise<http::response> p;
  http::request req;
  req.body = "hello";
  pipeline::handle_inbound(a, sink, req, [&p](http::response r) { p.set_value(std::move(r)); });
  auto f = p.get_future();
  REQUIRE(f.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  sink.worker.join();
  auto answer = f.get();
  REQUIRE(answer.make);
  CHECK(a.acked_on == std::thread::id{});  // not rendered yet, least of all on the commit thread
  const auto settled = http::settle(std::move(answer));
  CHECK(settled.body == "ok");
  CHECK_FALSE(settled.make);
  CHECK(a.acked_on == std::this_thread::get_id());
  CHECK(a.acked_on != sink.completed_on);
}
