// A record view with nothing in it, for flows that never read records.
#pragma once

#include "flows/engine.hpp"

namespace flows_test {

class no_records final : public commonsbot::flows::record_view {
 public:
  std::optional<nlohmann::json> get(std::string_view, std::string_view) const override { return std::nullopt; }
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view, std::string_view) const override { return {}; }
};

}  // namespace flows_test
