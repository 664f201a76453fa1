#include "catalogue/catalogue.hpp"

#include "catalogue/import.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <mutex>
#include <unordered_set>

namespace commonsbot::catalogue {
namespace {

// Both layers' best `offset + limit`, merged and sliced: the same page a single index over
// both would give.
search_result merge(search_result a, search_result b, const query& q) {
  search_result out;
  out.total = a.total + b.total;
  std::vector<hit> all;
  all.reserve(a.hits.size() + b.hits.size());
  std::merge(std::make_move_iterator(a.hits.begin()), std::make_move_iterator(a.hits.end()),
             std::make_move_iterator(b.hits.begin()), std::make_move_iterator(b.hits.end()), std::back_inserter(all),
             ranks_before);
  for (std::size_t i = q.offset; i < all.size() && out.hits.size() < q.limit; ++i) out.hits.push_back(std::move(all[i]));
  return out;
}

}  // namespace

bool catalogue::load_sample(const std::filesystem::path& path, problem_list& problems) {
  const std::size_t first = problems.size();
  auto all = import_file(path, problems);
  // A file refused whole leaves an error but no resources; a few bad entries leave both.
  const bool refused = all.empty() && std::any_of(problems.begin() + static_cast<std::ptrdiff_t>(first), problems.end(),
                                                  [](const problem& p) { return p.level == problem::severity::error; });
  if (refused) return false;
  set_shared(std::move(all));
  return true;
}

void catalogue::set_shared(std::vector<resource> all) {
  for (auto& r : all) normalise(r);
  auto fresh = std::make_shared<search_index>();
  fresh->assign(std::move(all));
  std::unique_lock lock(mutex_);
  shared_ = std::move(fresh);
}

void catalogue::rebuild(const store::store& db, problem_list& problems) {
  std::map<std::string, std::vector<resource>, std::less<>> by_tenant;
  for (auto& [key, value] : db.scan(resources_collection)) {
    const std::size_t slash = key.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == key.size()) {
      problems.push_back({problem::severity::error, key, "", "not a tenant/id key"});
      continue;
    }
    resource r;
    try {
      r = value.get<resource>();
    } catch (const nlohmann::json::exception&) {
      problems.push_back({problem::severity::error, key, "", "not a resource record (title and link needed)"});
      continue;
    }
    r.id = key.substr(slash + 1);  // the key is what erase and upsert address
    normalise(r);
    by_tenant[key.substr(0, slash)].push_back(std::move(r));
  }
  std::map<std::string, search_index, std::less<>> fresh;
  for (auto& [tenant, all] : by_tenant) fresh[tenant].assign(std::move(all));
  std::unique_lock lock(mutex_);
  tenants_ = std::move(fresh);
}

void catalogue::upsert(std::string_view tenant, resource r) {
  normalise(r);
  std::unique_lock lock(mutex_);
  auto it = tenants_.find(tenant);
  if (it == tenants_.end()) it = tenants_.emplace(std::string(tenant), search_index{}).first;
  it->second.upsert(std::move(r));
}

bool catalogue::erase(std::string_view tenant, std::string_view id) {
  std::unique_lock lock(mutex_);
  auto it = tenants_.find(tenant);
  return it != tenants_.end() && it->second.erase(id);
}

search_result catalogue::search(std::string_view tenant, const query& q) const {
  std::shared_lock lock(mutex_);
  auto it = tenants_.find(tenant);
  const search_index* own = it == tenants_.end() ? nullptr : &it->second;
  if (!own) return shared_->search(q);

  query wide = q;
  wide.offset = 0;
  wide.limit = q.limit > std::numeric_limits<std::size_t>::max() - q.offset ? std::numeric_limits<std::size_t>::max()
                                                                              : q.offset + q.limit;
  const std::function<bool(std::string_view)> shadowed = [own](std::string_view id) { return own->contains(id); };
  search_result mine = own->search(wide, {shared_.get(), nullptr});
  search_result theirs = shared_->search(wide, {own, &shadowed});
  return merge(std::move(mine), std::move(theirs), q);
}

std::vector<hit> catalogue::suggest(std::string_view tenant, const std::vector<std::string>& areas,
                                    const std::vector<int>& years, std::size_t n, std::string_view topic) const {
  query q;
  q.areas = areas;
  q.years = years;
  q.limit = n;
  std::vector<hit> out;
  if (!topic.empty()) {
    q.text = std::string(topic);
    out = search(tenant, q).hits;
    q.text.clear();
  }
  if (out.size() >= n) return out;
  std::unordered_set<std::string> seen;
  for (const auto& h : out) seen.insert(h.item->id);
  q.limit = n + out.size();  // enough to fill up even if every earlier hit comes round again
  for (auto& h : search(tenant, q).hits) {
    if (out.size() >= n) break;
    if (seen.insert(h.item->id).second) out.push_back(std::move(h));
  }
  return out;
}

std::shared_ptr<const resource> catalogue::find(std::string_view tenant, std::string_view id) const {
  std::shared_lock lock(mutex_);
  if (auto it = tenants_.find(tenant); it != tenants_.end())
    if (auto r = it->second.find(id)) return r;
  return shared_->find(id);
}

std::size_t catalogue::tenant_size(std::string_view tenant) const {
  std::shared_lock lock(mutex_);
  auto it = tenants_.find(tenant);
  return it == tenants_.end() ? 0 : it->second.size();
}

std::size_t catalogue::shared_size() const {
  std::shared_lock lock(mutex_);
  return shared_->size();
}

void stage_upsert(store::transaction& txn, std::string_view tenant, const resource& r) {
  txn.put(std::string(resources_collection), store_key(tenant, r.id), nlohmann::json(r));
}

void stage_erase(store::transaction& txn, std::string_view tenant, std::string_view id) {
  txn.erase(std::string(resources_collection), store_key(tenant, id));
}

}  // namespace commonsbot::catalogue
