// The in-memory state: collections of documents, each kept as its compact JSON text.
//
// Why text and not nlohmann::json trees: a tree costs several times the document's size,
// and the store must hold a million ~200-byte documents in about twice their size on disk.
// Reads parse on demand.
//
// A commit's cost must not grow with the data: besides the ordered map (needed for scan
// and for snapshots in key order) each collection has a hash index from key to map node,
// so updating or deleting an existing document is O(1) instead of a walk down a tree of a
// million nodes (about 20 cache misses). Only inserting a new key pays O(log n).
//
// Snapshots without stopping the writer: freeze() makes the base immutable, and later
// writes go to a small overlay that reads consult first. A snapshot thread can then walk
// the base with no lock while commits flow; thaw() folds the overlay back in.
//
// Not synchronized: the store guards it with a shared_mutex (readers shared, writes and
// freeze/thaw exclusive). The frozen base may be read without the lock until thaw().
#pragma once

#include "store/record_codec.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace commonsbot::store {

class mem_state {
 public:
  using documents = std::map<std::string, std::string, std::less<>>;
  using collections = std::map<std::string, documents, std::less<>>;

  mem_state() = default;
  // Movable, not copyable: the index points into the map's nodes, which a move keeps.
  mem_state(mem_state&&) = default;
  mem_state& operator=(mem_state&&) = default;
  mem_state(const mem_state&) = delete;
  mem_state& operator=(const mem_state&) = delete;

  // The document's JSON text, or nullptr.
  const std::string* find(std::string_view collection, std::string_view key) const;
  // Calls fn(key, json_text) for each document of `collection` whose key starts with
  // `prefix`, in key order.
  void scan(std::string_view collection, std::string_view prefix,
            const std::function<void(const std::string&, const std::string&)>& fn) const;
  std::size_t count(std::string_view collection) const;
  std::vector<std::string> collection_names() const;
  std::size_t document_count() const;

  void apply(encoded_op&& op);
  // Recovery's bulk load; cheap when keys arrive in order, as they do from a snapshot.
  // REQUIRES: finish_load() after the last load() and before any other call; building the
  // index once, presized, is much cheaper than growing it a million times.
  void load(std::string_view collection, std::string key, std::string value);
  void finish_load();

  void freeze();
  bool frozen() const { return frozen_; }
  // The state as of freeze(); unchanged until thaw().
  const collections& base() const { return base_; }
  void thaw();

 private:
  void put_base(std::string_view collection, std::string key, std::string value);
  void erase_base(std::string_view collection, std::string_view key);

  using overlay_docs = std::map<std::string, std::optional<std::string>, std::less<>>;
  using key_index = std::unordered_map<std::string_view, documents::iterator>;
  documents& docs_for(std::string_view collection, key_index*& index);
  const std::string* find_base(std::string_view collection, std::string_view key) const;

  collections base_;
  std::map<std::string, key_index, std::less<>> index_;  // per collection, views into base_
  std::map<std::string, overlay_docs, std::less<>> overlay_;  // nullopt = deleted
  std::map<std::string, std::int64_t, std::less<>> count_delta_;
  bool frozen_ = false;
};

}  // namespace commonsbot::store
