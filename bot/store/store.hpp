// The store: the bot's durable memory, seen as named collections of JSON documents that
// change only through atomic transactions.
//
// This header is the whole surface the rest of the bot uses. The JSON-file backend
// (json_file_store.hpp) implements it; a database backend could implement it later without
// touching flows or adapters.
#pragma once

#include "store/status.hpp"
#include "store/transaction.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::store {

// A store's health, for /readyz and for refusing work (503) once it has failed.
struct health {
  bool ok = true;
  std::string reason;  // empty while ok; otherwise what failed and where
};

class store {
 public:
  using commit_handler = std::function<void(status)>;

  virtual ~store() = default;

  // Reads see only committed, durable state. Safe from any thread.
  virtual std::optional<nlohmann::json> get(std::string_view collection,
                                            std::string_view key) const = 0;

  // Every document of `collection` whose key starts with `prefix`, in key order.
  virtual std::vector<std::pair<std::string, nlohmann::json>> scan(
      std::string_view collection, std::string_view prefix = {}) const = 0;

  // The keys alone of the documents scan() would return: for finding what is new in a large
  // collection without reading every document.
  virtual std::vector<std::string> keys(std::string_view collection, std::string_view prefix = {}) const = 0;

  // Number of documents in `collection`.
  virtual std::size_t count(std::string_view collection) const = 0;

  // Commits `txn` atomically and durably, then calls `done` on a store thread with the
  // outcome. The handler must not block; post elsewhere for real work (async_commit.hpp
  // does). Commits from any thread are grouped so they share one write and one sync. When
  // the outcome is known at once (an empty transaction: ok; an invalid one; a failed or
  // closed store) `done` may run inline, before this returns.
  virtual void commit_async(transaction txn, commit_handler done) = 0;

  // Blocking commit, for the CLI and tests. Must not be called from a store thread.
  virtual status commit(transaction txn) = 0;

  virtual commonsbot::store::health health() const = 0;

  // Sequence number of the last durable transaction (0 for an empty store).
  virtual std::uint64_t last_sequence() const = 0;

  // Writes a snapshot of everything committed so far, and stops accepting commits once
  // all in-flight ones have completed. Safe to call twice.
  virtual status close() = 0;
};

}  // namespace commonsbot::store
