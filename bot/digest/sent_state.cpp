#include "digest/sent_state.hpp"

#include "catalogue/resource.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace commonsbot::digest {

void record_sent(sent_state& s, const std::vector<std::string>& ids, std::string_view newest_added,
                 std::int64_t now_ms) {
  if (ids.empty()) return;
  std::set<std::string_view> already(s.sent.begin(), s.sent.end());
  std::vector<std::string> fresh;
  for (const auto& id : ids)
    if (!already.contains(id)) fresh.push_back(id);
  for (auto& id : fresh) s.sent.push_back(std::move(id));
  normalise(s);
  if (catalogue::parse_date(newest_added) > catalogue::parse_date(s.last_sent_added))
    s.last_sent_added = std::string(newest_added);  // ISO dates: a later date is a larger one
  s.last_sent_ms = std::max(s.last_sent_ms, now_ms);
  ++s.digests;
  s.items += static_cast<int>(ids.size());
}

void normalise(sent_state& s) {
  if (s.sent.size() > max_sent) s.sent.erase(s.sent.begin(), s.sent.end() - static_cast<std::ptrdiff_t>(max_sent));
}

std::vector<std::string> check(const sent_state& s) {
  std::vector<std::string> out;
  if (s.sent.size() > max_sent) out.push_back("sent: more than " + std::to_string(max_sent) + " ids");
  if (!s.last_sent_added.empty() && catalogue::parse_date(s.last_sent_added) < 0)
    out.push_back("last_sent_added: not a YYYY-MM-DD date");
  return out;
}

void to_json(nlohmann::json& j, const sent_state& s) {
  j = {{"last_sent_ms", s.last_sent_ms},
       {"last_sent_added", s.last_sent_added},
       {"sent", s.sent},
       {"digests", s.digests},
       {"items", s.items}};
}

void from_json(const nlohmann::json& j, sent_state& s) {
  s = sent_state{};
  s.last_sent_ms = j.value("last_sent_ms", std::int64_t{0});
  s.last_sent_added = j.value("last_sent_added", "");
  s.sent = j.value("sent", std::vector<std::string>{});
  s.digests = j.value("digests", 0);
  s.items = j.value("items", 0);
  normalise(s);
}

std::optional<sent_state> read_sent(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    return j.get<sent_state>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::optional<sent_state> legacy_sent_of(const nlohmann::json& profile_json) {
  if (!profile_json.is_object()) return std::nullopt;
  sent_state s;
  s.last_sent_ms = profile_json.value("last_sent_ms", std::int64_t{0});
  s.last_sent_added = profile_json.value("last_sent_added", "");
  s.sent = profile_json.value("sent", std::vector<std::string>{});
  if (auto c = profile_json.find("counts"); c != profile_json.end() && c->is_object()) {
    s.digests = c->value("digests", 0);
    s.items = c->value("items", 0);
  }
  normalise(s);
  if (s == sent_state{}) return std::nullopt;  // never sent anything: nothing worth keeping
  return s;
}

void put_legacy_sent(nlohmann::json& profile_json, const sent_state& s) {
  profile_json["last_sent_ms"] = s.last_sent_ms;
  profile_json["last_sent_added"] = s.last_sent_added;
  profile_json["sent"] = s.sent;
  auto& counts = profile_json["counts"];
  if (!counts.is_object()) counts = nlohmann::json::object();
  counts["digests"] = s.digests;
  counts["items"] = s.items;
}

}  // namespace commonsbot::digest
