// adapters::platform_records over the store: what the app hands a platform adapter so it can
// keep its own records (Slack's installations, Teams' conversation references) without
// including the store. Limited to the collections named "<platform>_...": an adapter asking
// for any other gets nothing, and a commit touching one is refused whole.
#pragma once

#include "adapters/platform_records.hpp"
#include "store/store.hpp"

#include <string>

namespace commonsbot::app {

class store_platform_records final : public adapters::platform_records {
 public:
  store_platform_records(store::store& db, std::string platform);

  std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const override;
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                           std::string_view prefix = {}) const override;
  std::string commit(adapters::record_changes changes) override;

 private:
  bool owns(std::string_view collection) const;

  store::store& db_;
  std::string prefix_;  // "<platform>_"
};

}  // namespace commonsbot::app
