#include "adapters/sealed_records.hpp"

#include "log/log.hpp"

namespace commonsbot::adapters {
namespace {

std::string context_of(std::string_view collection, std::string_view key) {
  return std::string(collection) + "/" + std::string(key);
}

}  // namespace

sealed_records::sealed_records(platform_records& inner, token_cipher cipher, std::vector<secret_fields> secrets)
    : inner_(inner), cipher_(std::move(cipher)), secrets_(std::move(secrets)) {}

const std::vector<std::string>* sealed_records::fields_of(std::string_view collection) const {
  for (const auto& s : secrets_)
    if (s.collection == collection) return &s.fields;
  return nullptr;
}

nlohmann::json sealed_records::opened(std::string_view collection, std::string_view key, nlohmann::json value) const {
  const auto* fields = fields_of(collection);
  if (!fields || !value.is_object()) return value;
  const std::string context = context_of(collection, key);
  for (const auto& name : *fields) {
    auto it = value.find(name);
    if (it == value.end() || !it->is_string()) continue;
    auto plain = cipher_.open(it->get_ref<const std::string&>(), context);
    if (!plain) {
      log::warn("secrets.unreadable")
          .kv("collection", std::string(collection))
          .kv("key", std::string(key))
          .kv("field", name)
          .kv("why", "no configured key opens it, or it was changed or copied from another record");
      plain = std::string();
    }
    *it = std::move(*plain);
  }
  return value;
}

std::optional<nlohmann::json> sealed_records::get(std::string_view collection, std::string_view key) const {
  auto v = inner_.get(collection, key);
  if (!v) return v;
  return opened(collection, key, std::move(*v));
}

std::vector<std::pair<std::string, nlohmann::json>> sealed_records::scan(std::string_view collection,
                                                                         std::string_view prefix) const {
  auto rows = inner_.scan(collection, prefix);
  for (auto& [key, value] : rows) value = opened(collection, key, std::move(value));
  return rows;
}

std::string sealed_records::commit(record_changes changes) {
  record_changes sealed;
  for (const auto& c : changes.list()) {
    if (!c.value) {
      sealed.erase(c.collection, c.key);
      continue;
    }
    nlohmann::json value = *c.value;
    if (const auto* fields = fields_of(c.collection); fields && value.is_object()) {
      const std::string context = context_of(c.collection, c.key);
      for (const auto& name : *fields) {
        auto it = value.find(name);
        // An empty field (no refresh token without rotation) says nothing: left as it is.
        if (it != value.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
          *it = cipher_.seal(it->get_ref<const std::string&>(), context);
      }
    }
    sealed.put(c.collection, c.key, std::move(value));
  }
  return inner_.commit(std::move(sealed));
}

std::string sealed_records::reseal_all(std::size_t& resealed) {
  resealed = 0;
  record_changes changes;
  for (const auto& s : secrets_) {
    for (auto& [key, raw] : inner_.scan(s.collection, "")) {
      if (!raw.is_object()) continue;
      bool stale = false;
      bool readable = true;
      for (const auto& name : s.fields) {
        auto it = raw.find(name);
        if (it == raw.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) continue;
        const auto& text = it->get_ref<const std::string&>();
        stale = stale || cipher_.stale(text);
        readable = readable && cipher_.open(text, context_of(s.collection, key)).has_value();
      }
      // One that no key opens is kept as it is: a key put back in the config may open it yet.
      if (!stale || !readable) continue;
      changes.put(s.collection, key, opened(s.collection, key, std::move(raw)));
      ++resealed;
    }
  }
  if (changes.empty()) return {};
  return commit(std::move(changes));
}

}  // namespace commonsbot::adapters
