#include "adapters/adapter.hpp"

namespace commonsbot::adapters {

http::response adapter::acknowledge(const inbound&, const std::vector<core::outcome>& results) const {
  for (const auto& r : results)
    if (r.result == core::outcome::status::unavailable)
      return http::response::json_error(503, "unavailable", "The bot cannot save right now; please retry.");
  return http::response::json(200, "{}");
}

}  // namespace commonsbot::adapters
