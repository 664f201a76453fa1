// The "nudge" fire: who is nudged before this occurrence of the meeting, and with what.
// Each person's record and outbox entry go into the one transaction the scheduler commits
// with the job's progress (fire_support.cpp).
#include "nudges/nudge_fire.hpp"

#include "collab/people_records.hpp"
#include "core/keys.hpp"
#include "nudges/fire_support.hpp"
#include "nudges/nudge_content.hpp"
#include "nudges/nudge_gather.hpp"

#include <map>
#include <stdexcept>

namespace commonsbot::nudges {

namespace detail {
store::transaction fire_reflect(const context& ctx, const schedule::fire& f);  // reflect_fire.cpp
}

namespace {

bool library_side(core::role r) {
  return r == core::role::library_staff || r == core::role::admin || r == core::role::leader;
}

meetings::meeting read_meeting(const store::store& db, const std::string& tenant, const std::string& id) {
  auto j = db.get(meetings::collection, core::tenant_key(tenant, id));
  if (!j) throw std::runtime_error("meeting " + id + " is gone");
  return j->get<meetings::meeting>();  // a bad record throws: logged and skipped
}

meetings::nudge_rule rule_of(const meetings::meeting& m, const tenant_settings& s, std::size_t index) {
  const std::vector<meetings::nudge_rule> fallback{meetings::default_nudge_rule()};
  const auto& rules = !m.nudges.empty() ? m.nudges : !s.rules.empty() ? s.rules : fallback;
  if (index >= rules.size()) throw std::runtime_error("meeting " + m.id + " has no nudge rule " + std::to_string(index));
  return rules[index];
}

store::transaction fire_nudge(const context& ctx, const schedule::fire& f) {
  const std::string& tenant = f.of->tenant;
  const auto& payload = f.of->payload;
  if (!payload.is_object() || !payload.contains("meeting") || !payload["meeting"].is_string())
    throw std::runtime_error("nudge job " + f.of->id + " names no meeting");
  const auto m = read_meeting(*ctx.db, tenant, payload["meeting"].get<std::string>());
  const auto& settings = detail::settings_of(ctx, tenant);
  const auto rule = rule_of(m, settings, payload.value("rule", 0u));
  const auto times = times_for(m, settings.calendar, f.scheduled_ms);
  if (!times) throw std::runtime_error("meeting " + m.id + " has no occurrence after this nudge");

  store_records records(*ctx.db);
  store::transaction txn;
  nudge_record base;
  base.tenant = tenant;
  base.fire_id = f.id;
  base.meeting = m.id;
  base.occurrence = schedule::to_iso(times->occurrence);
  base.zone = m.when.zone;
  base.meeting_ms = times->meeting_ms;

  std::vector<core::person> recipients;
  if (m.attendees.empty()) {
    for (auto& p : collab::people_of(records, tenant))
      if (p.role == core::role::library_staff) recipients.push_back(std::move(p));
  } else {
    for (const auto& key : m.attendees) {
      auto p = collab::find_person(records, tenant, key);
      if (!p) {
        // Someone listed who has never talked to the bot: recorded, so the gap is visible.
        nudge_record rec = base;
        rec.person = key;
        rec.status = "skipped";
        rec.reason = "unknown_person";
        rec.at_ms = f.now_ms;
        if (!ctx.db->get(collection, rec.key())) txn.put(std::string(collection), rec.key(), rec);
        continue;
      }
      if (library_side(p->role) || (rule.teachers && p->role == core::role::teacher)) recipients.push_back(std::move(*p));
    }
  }

  std::vector<std::string> people = m.attendees;
  if (people.empty())
    for (const auto& p : recipients) people.push_back(p.key());
  const auto areas = canonical_areas(m.plans_for, ctx.services ? ctx.services->words : nullptr, ctx.messages);
  nudge_inputs in;
  in.meeting = &m;
  in.occurrence = times->occurrence;
  in.since = times->since;
  in.plans = group_plans(records, tenant, m.plans_for, areas, people);
  in.resources = new_resources(ctx.services ? ctx.services->resources : nullptr, tenant, areas, times->since);

  for (const auto& p : recipients) {
    nudge_record rec = base;
    rec.person = p.key();
    const std::string zone = detail::zone_for(p, settings, m.when.zone);
    auto draw = [&] {
      nudge_inputs mine = in;
      mine.reader_zone = zone;
      mine.payload = rec.id();
      nudge_words w{*ctx.messages, detail::locale_for(ctx, p), ctx.services ? ctx.services->words : nullptr};
      return nudge_message(mine, w);
    };
    detail::deliver(ctx, p, rec, zone, f.now_ms, draw, txn);
  }
  return txn;
}

}  // namespace

store::transaction fire(const context& ctx, const schedule::fire& f) {
  if (!ctx.db || !ctx.messages) throw std::runtime_error("the nudge context has no store or messages");
  if (!f.of) throw std::runtime_error("a fire without its job");
  if (f.of->kind == "nudge") return fire_nudge(ctx, f);
  if (f.of->kind == "reflect") return detail::fire_reflect(ctx, f);
  throw std::runtime_error("no nudge handler for kind " + f.of->kind);
}

}  // namespace commonsbot::nudges
