// A transaction: puts and deletes across collections that become durable together or not
// at all. Build one per event (state changes, outbox entries, the dedupe key) and commit it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace commonsbot::store {

struct operation {
  enum class kind { put, erase };
  kind op = kind::put;
  std::string collection;
  std::string key;
  nlohmann::json value;  // null for erase
};

class transaction {
 public:
  void put(std::string collection, std::string key, nlohmann::json value) {
    ops_.push_back({operation::kind::put, std::move(collection), std::move(key), std::move(value)});
  }
  void erase(std::string collection, std::string key) {
    ops_.push_back({operation::kind::erase, std::move(collection), std::move(key), nullptr});
  }
  // Appends every operation of `other` after this one's.
  void append(transaction other) {
    for (auto& op : other.ops_) ops_.push_back(std::move(op));
  }

  const std::vector<operation>& operations() const { return ops_; }
  bool empty() const { return ops_.empty(); }

 private:
  std::vector<operation> ops_;
};

}  // namespace commonsbot::store
