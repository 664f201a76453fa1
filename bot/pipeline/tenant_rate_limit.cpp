#include "pipeline/tenant_rate_limit.hpp"

#include <algorithm>

namespace commonsbot::pipeline {

tenant_rate_limit::tenant_rate_limit(const core::clock& clock, tenant_rate_options options)
    : clock_(clock),
      buckets_({std::max(options.per_second, 1u) * 60u, std::max(options.burst, 1u), options.max_tenants}) {}

http::client_rate_limiter::decision tenant_rate_limit::take(const std::string& platform, const std::string& tenant) {
  return buckets_.take(platform + ":" + tenant, core::to_epoch_ms(clock_.now()));
}

}  // namespace commonsbot::pipeline
