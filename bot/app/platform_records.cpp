#include "app/platform_records.hpp"

#include "log/log.hpp"

namespace commonsbot::app {

store_platform_records::store_platform_records(store::store& db, std::string platform)
    : db_(db), prefix_(std::move(platform) + "_") {}

bool store_platform_records::owns(std::string_view collection) const {
  return collection.size() > prefix_.size() && collection.substr(0, prefix_.size()) == prefix_;
}

std::optional<nlohmann::json> store_platform_records::get(std::string_view collection, std::string_view key) const {
  if (!owns(collection)) return std::nullopt;
  return db_.get(collection, key);
}

std::vector<std::pair<std::string, nlohmann::json>> store_platform_records::scan(std::string_view collection,
                                                                                 std::string_view prefix) const {
  if (!owns(collection)) return {};
  return db_.scan(collection, prefix);
}

std::string store_platform_records::commit(adapters::record_changes changes) {
  store::transaction txn;
  for (const auto& c : changes.list()) {
    if (!owns(c.collection)) {
      log::error("platform.records_refused").kv("collection", c.collection).kv("allowed", prefix_ + "*");
      return "collection " + c.collection + " is not the platform's own";
    }
    if (c.value)
      txn.put(c.collection, c.key, *c.value);
    else
      txn.erase(c.collection, c.key);
  }
  if (auto st = db_.commit(std::move(txn)); !st) return st.to_string();
  return {};
}

}  // namespace commonsbot::app
