#include "meetings/ics_store.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>

namespace commonsbot::meetings {
namespace {

// A stored meeting, or nullopt for a record we cannot read: left alone, unless the import
// brings a meeting with its id (then the calendar's version is the better truth).
std::optional<meeting> read(const nlohmann::json& j) {
  try {
    return j.get<meeting>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// The import's meeting with what people set in chat carried over from the stored one.
meeting merged(meeting fresh, const meeting& stored) {
  fresh.kind = stored.kind;
  fresh.plans_for = stored.plans_for;
  fresh.attendees = stored.attendees;
  fresh.nudges = stored.nudges;
  fresh.created_by = stored.created_by;
  fresh.created_ms = stored.created_ms;
  return fresh;
}

}  // namespace

store::transaction apply_import(const store::store& db, std::string_view tenant, std::string_view source,
                                const ics_result& r, import_summary* summary) {
  store::transaction txn;
  import_summary local;
  import_summary& s = summary ? *summary : local;
  s = {};
  if (!r.parsed) return txn;

  std::map<std::string, std::optional<meeting>> stored;  // id -> record (nullopt: unreadable)
  for (const auto& [key, value] : db.scan(collection, core::tenant_prefix(tenant))) {
    const auto id = key.substr(tenant.size() + 1);
    stored.emplace(id, read(value));
  }

  std::set<std::string> kept;
  for (meeting m : r.meetings) {
    m.tenant = std::string(tenant);
    m.source = std::string(source);
    const auto it = stored.find(m.id);
    if (it == stored.end()) {
      s.added.push_back(m.id);
    } else if (it->second && it->second->source != source) {
      // The same event in two calendars (an invite shared by both): the first one owns it.
      s.skipped.push_back(m.id + " (" + m.name + ") is already imported from " + it->second->source);
      continue;
    } else {
      if (it->second) m = merged(std::move(m), *it->second);
      // Compared as stored: fields a cadence does not store (hour for a dates list) don't count.
      if (it->second && nlohmann::json(*it->second) == nlohmann::json(m)) {
        ++s.unchanged;
        kept.insert(m.id);
        continue;
      }
      s.changed.push_back(m.id);
    }
    kept.insert(m.id);
    txn.put(std::string(collection), m.key(), nlohmann::json(m));
  }
  for (const auto& [id, m] : stored) {
    if (!m || m->source != source || kept.count(id)) continue;
    s.removed.push_back(id);
    txn.erase(std::string(collection), core::tenant_key(tenant, id));
  }
  return txn;
}

std::string to_text(const import_summary& s) {
  std::string out = std::to_string(s.added.size()) + " added, " + std::to_string(s.changed.size()) + " changed, " +
                    std::to_string(s.removed.size()) + " removed, " + std::to_string(s.unchanged) + " unchanged";
  if (!s.skipped.empty()) out += ", " + std::to_string(s.skipped.size()) + " skipped";
  return out;
}

}  // namespace commonsbot::meetings
