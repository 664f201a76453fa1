#include "store/mem_state.hpp"

#include <algorithm>

namespace commonsbot::store {

const std::string* mem_state::find(std::string_view collection, std::string_view key) const {
  if (frozen_) {
    if (auto c = overlay_.find(collection); c != overlay_.end()) {
      if (auto d = c->second.find(key); d != c->second.end()) return d->second ? &*d->second : nullptr;
    }
  }
  return find_base(collection, key);
}

const std::string* mem_state::find_base(std::string_view collection, std::string_view key) const {
  auto c = index_.find(collection);
  if (c == index_.end()) return nullptr;
  auto d = c->second.find(key);
  return d == c->second.end() ? nullptr : &d->second->second;
}

mem_state::documents& mem_state::docs_for(std::string_view collection, key_index*& index) {
  auto c = base_.find(collection);
  if (c == base_.end()) c = base_.emplace(std::string(collection), documents{}).first;
  auto i = index_.find(collection);
  if (i == index_.end()) i = index_.emplace(std::string(collection), key_index{}).first;
  index = &i->second;
  return c->second;
}

void mem_state::scan(std::string_view collection, std::string_view prefix,
                     const std::function<void(const std::string&, const std::string&)>& fn) const {
  auto starts = [&](const std::string& k) { return std::string_view(k).substr(0, prefix.size()) == prefix; };
  static const documents no_docs;
  static const overlay_docs no_overlay;
  auto bc = base_.find(collection);
  const documents& base_docs = bc == base_.end() ? no_docs : bc->second;
  const overlay_docs* over = &no_overlay;
  if (frozen_)
    if (auto oc = overlay_.find(collection); oc != overlay_.end()) over = &oc->second;

  // A merge of two sorted ranges; on equal keys the overlay wins.
  auto b = base_docs.lower_bound(prefix);
  auto o = over->lower_bound(prefix);
  for (;;) {
    const bool b_ok = b != base_docs.end() && starts(b->first);
    const bool o_ok = o != over->end() && starts(o->first);
    if (!b_ok && !o_ok) return;
    if (o_ok && (!b_ok || o->first <= b->first)) {
      if (b_ok && b->first == o->first) ++b;
      if (o->second) fn(o->first, *o->second);
      ++o;
    } else {
      fn(b->first, b->second);
      ++b;
    }
  }
}

std::size_t mem_state::count(std::string_view collection) const {
  std::int64_t n = 0;
  if (auto c = base_.find(collection); c != base_.end()) n = static_cast<std::int64_t>(c->second.size());
  if (frozen_)
    if (auto d = count_delta_.find(collection); d != count_delta_.end()) n += d->second;
  return static_cast<std::size_t>(n);
}

std::vector<std::string> mem_state::collection_names() const {
  std::vector<std::string> names;
  for (const auto& [name, docs] : base_) names.push_back(name);
  if (frozen_) {
    for (const auto& [name, docs] : overlay_)
      if (!base_.contains(name)) names.push_back(name);
    std::erase_if(names, [&](const std::string& n) { return count(n) == 0; });
    std::sort(names.begin(), names.end());
  }
  return names;
}

std::size_t mem_state::document_count() const {
  std::size_t n = 0;
  for (const auto& name : collection_names()) n += count(name);
  return n;
}

void mem_state::apply(encoded_op&& op) {
  if (!frozen_) {
    if (op.erase) erase_base(op.collection, op.key);
    else put_base(op.collection, std::move(op.key), std::move(op.value));
    return;
  }
  const bool existed = find(op.collection, op.key) != nullptr;
  auto& docs = overlay_[op.collection];
  auto& delta = count_delta_[op.collection];
  if (op.erase) {
    if (existed) --delta;
    docs.insert_or_assign(std::move(op.key), std::nullopt);
  } else {
    if (!existed) ++delta;
    docs.insert_or_assign(std::move(op.key), std::optional<std::string>(std::move(op.value)));
  }
}

void mem_state::load(std::string_view collection, std::string key, std::string value) {
  auto c = base_.find(collection);
  if (c == base_.end()) c = base_.emplace(std::string(collection), documents{}).first;
  auto& docs = c->second;
  if (docs.empty() || docs.rbegin()->first < key) docs.emplace_hint(docs.end(), std::move(key), std::move(value));
  else docs.insert_or_assign(std::move(key), std::move(value));
}

void mem_state::finish_load() {
  for (auto& [collection, docs] : base_) {
    auto& index = index_[collection];
    if (index.size() == docs.size()) continue;
    index.clear();
    index.reserve(docs.size());
    for (auto it = docs.begin(); it != docs.end(); ++it) index.emplace(std::string_view(it->first), it);
  }
}

void mem_state::freeze() { frozen_ = true; }

void mem_state::thaw() {
  frozen_ = false;
  for (auto& [collection, docs] : overlay_)
    for (auto& [key, value] : docs) {
      if (value) put_base(collection, key, std::move(*value));
      else erase_base(collection, key);
    }
  overlay_.clear();
  count_delta_.clear();
}

void mem_state::put_base(std::string_view collection, std::string key, std::string value) {
  key_index* index = nullptr;
  auto& docs = docs_for(collection, index);
  if (auto hit = index->find(key); hit != index->end()) {
    hit->second->second = std::move(value);
    return;
  }
  auto pos = docs.emplace(std::move(key), std::move(value)).first;
  index->emplace(std::string_view(pos->first), pos);
}

void mem_state::erase_base(std::string_view collection, std::string_view key) {
  auto i = index_.find(collection);
  if (i == index_.end()) return;
  auto c = base_.find(collection);
  if (auto hit = i->second.find(key); hit != i->second.end()) {
    const auto node = hit->second;
    i->second.erase(hit);  // before the node whose key it views goes
    c->second.erase(node);
  }
  if (c->second.empty()) {  // empty collections do not linger in snapshots
    base_.erase(c);
    index_.erase(i);
  }
}

}  // namespace commonsbot::store
