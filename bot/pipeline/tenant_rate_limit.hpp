// A token bucket per tenant (Slack team, Teams tenant) for verified inbound requests, so one
// busy or hostile workspace cannot take the server's time or grow the store for everyone.
// Checked by ingress after verify and parse (the tenant is known only then) and before any
// event reaches the pipeline, so a refused request changes nothing. Reuses the per-client
// bucket table of the install page (http/client_rate_limiter.hpp), keyed by platform and
// tenant, with times from the injectable clock.
#pragma once

#include "core/clock.hpp"
#include "http/client_rate_limiter.hpp"

#include <string>

namespace commonsbot::pipeline {

struct tenant_rate_options {
  unsigned per_second = 20;   // config inbound.tenant_rate_per_second
  unsigned burst = 100;       // config inbound.tenant_rate_burst
  std::size_t max_tenants = 10'000;
};

class tenant_rate_limit {
 public:
  tenant_rate_limit(const core::clock& clock, tenant_rate_options options);

  // Takes one request from the tenant's bucket. Thread-safe.
  http::client_rate_limiter::decision take(const std::string& platform, const std::string& tenant);

 private:
  const core::clock& clock_;
  http::client_rate_limiter buckets_;
};

}  // namespace commonsbot::pipeline
