#include "pipeline/ingress.hpp"

#include "log/log.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace commonsbot::pipeline {
namespace {

// The first of the request's tenants over its rate, as a 429 to answer; nullopt: go on.
// Usually one tenant per request; each distinct one pays once.
std::optional<http::response> over_tenant_rate(const adapters::adapter& platform, const adapters::inbound& in,
                                               tenant_rate_limit& limit, const std::string& request_id) {
  std::set<std::string> tenants;
  for (const auto& ev : in.events) tenants.insert(ev.tenant);
  for (const auto& tenant : tenants) {
    const auto d = limit.take(std::string(platform.platform()), tenant);
    if (d.allowed) continue;
    log::warn("ingress.rate_limited").kv("platform", platform.platform()).kv("tenant", tenant)
        .kv("retry_after_s", d.retry_after_s).kv("request_id", request_id);
    auto r = http::response::json_error(429, "rate_limited",
                                        "Too many requests for this workspace just now; please try again shortly.");
    r.headers.emplace_back("Retry-After", std::to_string(d.retry_after_s));
    return r;
  }
  return std::nullopt;
}

}  // namespace

void handle_inbound(const adapters::adapter& platform, core::event_sink& sink, http::request req,
                    http::responder respond, tenant_rate_limit* limit) {
  const auto check = platform.verify(req);
  if (!check.ok) {
    log::warn("ingress.refused").kv("platform", platform.platform()).kv("code", check.code).kv("request_id", req.request_id);
    respond(http::response::json_error(check.status, check.code, check.message));
    return;
  }
  auto in = std::make_shared<adapters::inbound>(platform.parse(req));
  if (in->rejection) {
    log::warn("ingress.malformed").kv("platform", platform.platform()).kv("status", in->rejection->status)
        .kv("request_id", req.request_id);
    respond(std::move(*in->rejection));
    return;
  }
  if (in->immediate) {
    respond(std::move(*in->immediate));
    return;
  }
  if (in->events.empty()) {
    respond(platform.acknowledge(*in, {}));
    return;
  }
  if (limit)
    if (auto refused = over_tenant_rate(platform, *in, *limit, req.request_id)) {
      respond(std::move(*refused));
      return;
    }
  // Every event must be durable before the platform hears "got it".
  struct gather {
    std::mutex mutex;
    std::vector<core::outcome> results;
    std::size_t pending;
  };
  auto state = std::make_shared<gather>();
  state->results.resize(in->events.size());
  state->pending = in->events.size();
  for (std::size_t i = 0; i < in->events.size(); ++i) {
    sink.submit(in->events[i], [state, in, i, respond, &platform](core::outcome o) {
      bool last = false;
      {
        std::lock_guard lock(state->mutex);
        state->results[i] = std::move(o);
        last = --state->pending == 0;
      }
      if (!last) return;
      respond(http::response::deferred([state, in, &platform] { return platform.acknowledge(*in, state->results); }));
    });
  }
}

void mount(http::router& routes, const adapters::adapter& platform, core::event_sink& sink, tenant_rate_limit* limit) {
  for (const auto& r : platform.routes()) {
    routes.add(r.method, r.path, [&platform, &sink, limit](http::request req, http::responder respond) {
      handle_inbound(platform, sink, std::move(req), std::move(respond), limit);
    });
  }
}

}  // namespace commonsbot::pipeline
