// The "reflect" fire: on a plan's end date its partners are asked to reflect, unless it has
// been reflected on already (or is gone). Preferences apply as for meeting nudges; with no
// meeting to be late for, a deferral may wait up to a week.
#include "collab/people_records.hpp"
#include "collab/plan.hpp"
#include "core/keys.hpp"
#include "nudges/fire_support.hpp"
#include "nudges/nudge_gather.hpp"

#include <stdexcept>

namespace commonsbot::nudges::detail {

store::transaction fire_reflect(const context& ctx, const schedule::fire& f) {
  const std::string& tenant = f.of->tenant;
  const auto& payload = f.of->payload;
  store::transaction txn;
  if (!payload.is_object() || !payload.contains("plan") || !payload["plan"].is_string())
    throw std::runtime_error("reflect job " + f.of->id + " names no plan");
  const std::string id = payload["plan"].get<std::string>();
  auto j = ctx.db->get(collab::plans_collection, core::tenant_key(tenant, id));
  if (!j) return txn;  // deleted: nothing to reflect on
  const auto p = j->get<collab::plan>();
  if (p.status == collab::plan_status::reflected) return txn;

  store_records records(*ctx.db);
  const auto& settings = settings_of(ctx, tenant);
  constexpr long long week_ms = 7 * 86'400'000LL;
  for (const auto& key : p.partners) {
    auto person = collab::find_person(records, tenant, key);
    if (!person) {
      // A partner the bot has never met: reach them by their key, with default preferences.
      core::person unmet;
      unmet.tenant = tenant;
      const auto colon = key.find(':');
      if (colon == std::string::npos) continue;
      unmet.platform = key.substr(0, colon);
      unmet.user_id = key.substr(colon + 1);
      unmet.direct = collab::direct_ref(records, tenant, key);
      person = unmet;
    }
    nudge_record rec;
    rec.tenant = tenant;
    rec.fire_id = f.id;
    rec.person = key;
    rec.kind = "reflect";
    rec.meeting = p.id;
    rec.meeting_ms = f.now_ms + week_ms;
    const std::string zone = zone_for(*person, settings, f.of->rule.zone);
    auto draw = [&] {
      core::message m;
      m.text = ctx.messages->text(locale_for(ctx, *person), "nudges.reflect", {{"title", p.title}, {"id", p.id}});
      return m;
    };
    deliver(ctx, *person, rec, zone, f.now_ms, draw, txn);
  }
  return txn;
}

}  // namespace commonsbot::nudges::detail
