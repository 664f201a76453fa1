// The catalogue the bot searches: one shared layer (the shipped sample resources, visible to
// every tenant) under one layer per tenant (the school's own resources, from the store's
// `resources` collection). A tenant's resource with the same id as a shared one (the same
// link) replaces it for that tenant. Schools never see each other's resources.
//
// Thread-safe: searches run concurrently under a shared lock; upserts and erases take it
// exclusively (they cost microseconds); rebuild and load_sample build new indexes without
// the lock and swap them in.
//
// Writes are the caller's to make durable: stage the change in the event's transaction
// (stage_upsert / stage_erase), commit it, then apply it here with upsert / erase.
#pragma once

#include "catalogue/index.hpp"
#include "catalogue/resource.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::catalogue {

class catalogue {
 public:
  // Replaces the shared layer with the resources in `path` (a JSON file such as
  // templates/catalogue/sample.json; import_file's rules). Bad entries are reported and left
  // out. False, keeping the old layer, if the file could not be read or parsed at all.
  bool load_sample(const std::filesystem::path& path, problem_list& problems);
  // Replaces the shared layer with `all` (normalised here).
  void set_shared(std::vector<resource> all);

  // Replaces every tenant layer with what the store's `resources` collection holds. Records
  // that do not read as resources are reported (where = the store key) and skipped.
  void rebuild(const store::store& db, problem_list& problems);

  // Adds or replaces one of `tenant`'s resources (normalised here; validate it first).
  void upsert(std::string_view tenant, resource r);
  // Removes one of `tenant`'s own resources; false if it had none with `id`. Shared
  // resources cannot be removed per tenant.
  bool erase(std::string_view tenant, std::string_view id);

  // Searches `tenant`'s resources and the shared ones together, ranked as one list (see
  // index.hpp). An unknown tenant sees the shared layer only.
  search_result search(std::string_view tenant, const query& q) const;

  // Up to `n` resources for the planning flow: those matching `topic` (when given) within
  // the areas and years, best first, then the newest others in those areas and years.
  std::vector<hit> suggest(std::string_view tenant, const std::vector<std::string>& areas,
                           const std::vector<int>& years, std::size_t n, std::string_view topic = {}) const;

  // `tenant`'s resource with `id`, else the shared one, else null.
  std::shared_ptr<const resource> find(std::string_view tenant, std::string_view id) const;
  std::size_t tenant_size(std::string_view tenant) const;
  std::size_t shared_size() const;

 private:
  mutable std::shared_mutex mutex_;
  std::shared_ptr<const search_index> shared_ = std::make_shared<search_index>();  // swapped whole, never edited
  std::map<std::string, search_index, std::less<>> tenants_;
};

// Adds the store write for `r` (normalised, with its id) to `txn`.
void stage_upsert(store::transaction& txn, std::string_view tenant, const resource& r);
void stage_erase(store::transaction& txn, std::string_view tenant, std::string_view id);

}  // namespace commonsbot::catalogue
