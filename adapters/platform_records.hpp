// The durable records a platform adapter keeps for itself: Slack's installations and OAuth
// states, Teams' conversation references and app tokens. Adapters never include the store;
// they get this narrow view, which the app implements over the store and limits to the
// platform's own collections (those named "<platform>_..."), so an adapter cannot read or
// write a school's plans, people or outbox.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::adapters {

// Puts and erases that become durable together or not at all.
class record_changes {
 public:
  struct change {
    std::string collection;
    std::string key;
    std::optional<nlohmann::json> value;  // nullopt: erase
  };
  void put(std::string collection, std::string key, nlohmann::json value) {
    changes_.push_back({std::move(collection), std::move(key), std::move(value)});
  }
  void erase(std::string collection, std::string key) {
    changes_.push_back({std::move(collection), std::move(key), std::nullopt});
  }
  const std::vector<change>& list() const { return changes_; }
  bool empty() const { return changes_.empty(); }

 private:
  std::vector<change> changes_;
};

class platform_records {
 public:
  virtual ~platform_records() = default;

  // Committed, durable state only. Safe from any thread.
  virtual std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const = 0;
  // Every record of `collection` whose key starts with `prefix`, in key order.
  virtual std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                                   std::string_view prefix = {}) const = 0;
  // Commits `changes` atomically and durably (blocking: never call it on an HTTP or store
  // thread). Empty on success, else what failed, safe to log. A collection outside the
  // platform's own is refused and nothing is written.
  virtual std::string commit(record_changes changes) = 0;
};

}  // namespace commonsbot::adapters
