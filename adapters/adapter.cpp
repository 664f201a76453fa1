#include "adapters/adapter.hpp"

namespace commonsbot::adapters {

http::response failed_answer() {
  return http::response::json_error(500, "internal_error", "Something went wrong handling this event; it has been logged.");
}

http::response adapter::acknowledge(const inbound&, const std::vector<core::outcome>& results) const {
  for (const auto& r : results)
    if (r.result == core::outcome::status::unavailable)
      return http::response::json_error(503, "unavailable", "The bot cannot save right now; please retry.");
  for (const auto& r : results)
    if (r.result == core::outcome::status::failed) return failed_answer();
  return http::response::json(200, "{}");
}

}  // namespace commonsbot::adapters
