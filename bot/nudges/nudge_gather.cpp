#include "nudges/nudge_gather.hpp"

#include "catalogue/year_levels.hpp"
#include "collab/plan.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "meetings/jobs.hpp"
#include "schedule/zone.hpp"

#include <algorithm>
#include <set>

namespace commonsbot::nudges {
namespace {

constexpr long long day_ms = 86'400'000LL;

// "5", "5-6", "NE", "NE-2" -> {low, high}; nullopt for anything else.
std::optional<std::pair<int, int>> year_range(const std::string& text) {
  const std::string t = core::to_lower_ascii(core::trim(text));
  const auto dash = t.find('-');
  auto lo = catalogue::year_number(core::trim(t.substr(0, dash)));
  auto hi = dash == std::string::npos ? lo : catalogue::year_number(core::trim(t.substr(dash + 1)));
  if (!lo || !hi) return std::nullopt;
  return std::pair{std::min(*lo, *hi), std::max(*lo, *hi)};
}

bool years_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    for (const auto& y : b) {
      auto rx = year_range(x), ry = year_range(y);
      if (rx && ry && rx->first <= ry->second && ry->first <= rx->second) return true;
    }
  return false;
}

bool areas_overlap(const std::vector<std::string>& plan_areas, const std::vector<std::string>& group_areas) {
  std::set<std::string> keys;
  for (const auto& a : group_areas) keys.insert(catalogue::area_key(a));
  return std::any_of(plan_areas.begin(), plan_areas.end(),
                     [&](const std::string& a) { return keys.contains(catalogue::area_key(a)); });
}

}  // namespace

std::optional<meeting_times> times_for(const meetings::meeting& m, const meetings::school_calendar& cal, long long fire_ms) {
  const auto rule = meetings::effective_rule(m, cal);
  const auto z = schedule::zone::find(rule.zone);
  if (!z) return std::nullopt;
  const auto next = schedule::next_after(rule, *z, fire_ms);
  if (!next) return std::nullopt;
  meeting_times t;
  t.occurrence = next->scheduled;
  t.meeting_ms = next->utc_ms;
  // The previous meeting: walk forward from well before until reaching this one. 120 days
  // covers a fortnightly meeting across the longest school holiday.
  std::optional<schedule::occurrence> prev;
  long long at = t.meeting_ms - 120 * day_ms;
  if (m.created_ms > at) at = m.created_ms;  // a meeting set up last week had no meeting before
  for (int guard = 0; guard < 400; ++guard) {
    auto o = schedule::next_after(rule, *z, at);
    if (!o || o->utc_ms >= t.meeting_ms) break;
    prev = o;
    at = o->utc_ms;
  }
  t.since = prev ? prev->scheduled.date
                 : schedule::civil_from_days(schedule::days_from_civil(t.occurrence.date) - 14);
  return t;
}

std::vector<std::string> canonical_areas(const meetings::group& g, const collab::content* words,
                                         const flows::message_catalog* messages) {
  std::vector<std::string> out;
  for (const auto& id : g.learning_areas) {
    const collab::content_item* item = words ? words->find("learning_areas", id) : nullptr;
    const std::string name = item && messages ? messages->text(messages->default_locale(), item->name) : id;
    out.push_back(catalogue::canonical_area(name));
  }
  return out;
}

std::vector<collab::plan> group_plans(const flows::record_view& records, const std::string& tenant,
                                      const meetings::group& g, const std::vector<std::string>& areas,
                                      const std::vector<std::string>& people) {
  const bool by_people = g.learning_areas.empty() && g.year_levels.empty();
  std::vector<collab::plan> out;
  for (const auto& [key, j] : records.scan(collab::plans_collection, core::tenant_prefix(tenant))) {
    collab::plan p;
    try {
      p = j.get<collab::plan>();
    } catch (const nlohmann::json::exception&) {
      continue;  // a record we can't read is left out, not a reason to skip the nudge
    }
    if (p.status == collab::plan_status::reflected) continue;
    const bool wanted =
        by_people ? std::any_of(people.begin(), people.end(), [&](const std::string& k) { return p.has_partner(k); })
                  : areas_overlap(p.learning_areas, areas) || years_overlap(p.year_levels, g.year_levels);
    if (wanted) out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const collab::plan& a, const collab::plan& b) {
    return a.created_ms != b.created_ms ? a.created_ms > b.created_ms : a.id > b.id;
  });
  return out;
}

std::vector<catalogue::resource> new_resources(const catalogue::catalogue* resources, const std::string& tenant,
                                               const std::vector<std::string>& areas, schedule::civil_date since) {
  std::vector<catalogue::resource> out;
  if (!resources || areas.empty()) return out;
  catalogue::query q;
  q.areas = areas;
  q.limit = 50;  // newest first: stop at the first older one
  const std::string from = schedule::to_iso(since);
  for (const auto& h : resources->search(tenant, q).hits) {
    if (!h.item) continue;
    if (h.item->added.empty() || h.item->added < from) break;
    out.push_back(*h.item);
  }
  return out;
}

}  // namespace commonsbot::nudges
