// The per-tenant inbound rate limit: a tenant over its burst gets 429 with Retry-After and
// none of its events reach the pipeline, another tenant keeps its own budget, and time
// (the injectable clock) earns requests back.
#include "pipeline/ingress.hpp"
#include "pipeline/tenant_rate_limit.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace commonsbot;

namespace {

// Verifies everything; the body is "<tenant>:<text>".
class ratelimit_adapter final : public adapters::adapter {
 public:
  std::string_view platform() const override { return "fake"; }
  std::vector<adapters::route> routes() const override { return {{"POST", "/fake/events"}}; }
  adapters::verification verify(const http::request&) const override { return adapters::verification::pass(); }
  adapters::inbound parse(const http::request& req) const override {
    adapters::inbound in;
    core::event ev;
    ev.tenant = req.body.substr(0, req.body.find(':'));
    ev.text = req.body;
    in.events.push_back(ev);
    return in;
  }
  std::vector<adapters::outbound_request> render(const core::message&, const core::conversation_ref&) const override {
    return {};
  }
};

class ratelimit_sink final : public core::event_sink {
 public:
  void submit(core::event ev, std::function<void(core::outcome)> done) override {
    seen.push_back(ev.text);
    core::outcome o;
    o.result = core::outcome::status::done;
    done(o);
  }
  std::vector<std::string> seen;
};

http::response ratelimit_call(const adapters::adapter& a, core::event_sink& sink, pipeline::tenant_rate_limit& limit,
                              std::string body) {
  http::request req;
  req.method = "POST";
  req.path = "/fake/events";
  req.body = std::move(body);
  http::response out;
  pipeline::handle_inbound(a, sink, req, [&out](http::response r) { out = std::move(r); }, &limit);
  return http::settle(std::move(out));
}

std::string ratelimit_header(const http::response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

}  // namespace

TEST_CASE("ingress refuses a tenant over its rate with 429 and Retry-After before the pipeline", "[app][ingress][rate]") {
  ratelimit_adapter a;
  ratelimit_sink sink;
  core::manual_clock clock{core::from_epoch_ms(1'800'000'000'000)};
  pipeline::tenant_rate_limit limit(clock, {.per_second = 2, .burst = 3});

  for (int i = 0; i < 3; ++i) CHECK(ratelimit_call(a, sink, limit, "T1:hello").status == 200);
  auto refused = ratelimit_call(a, sink, limit, "T1:one too many");
  CHECK(refused.status == 429);
  CHECK(refused.body.find("rate_limited") != std::string::npos);
  CHECK(std::atoll(ratelimit_header(refused, "Retry-After").c_str()) == 1);
  CHECK(sink.seen.size() == 3);  // the refused event never reached the pipeline

  // Another tenant has its own bucket.
  CHECK(ratelimit_call(a, sink, limit, "T2:hello").status == 200);
  CHECK(sink.seen.size() == 4);

  // Half a second earns one request back at 2 a second.
  clock.advance(std::chrono::milliseconds(500));
  CHECK(ratelimit_call(a, sink, limit, "T1:later").status == 200);
  CHECK(ratelimit_call(a, sink, limit, "T1:too soon").status == 429);
  CHECK(sink.seen.size() == 5);
}

TEST_CASE("ingress without a tenant rate limit passes every request through", "[app][ingress][rate]") {
  ratelimit_adapter a;
  ratelimit_sink sink;
  for (int i = 0; i < 20; ++i) {
    http::request req;
    req.method = "POST";
    req.path = "/fake/events";
    req.body = "T1:hello";
    http::response out;
    pipeline::handle_inbound(a, sink, req, [&out](http::response r) { out = std::move(r); });
    CHECK(http::settle(std::move(out)).status == 200);
  }
  CHECK(sink.seen.size() == 20);
}
