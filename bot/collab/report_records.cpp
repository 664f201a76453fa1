#include "collab/report_records.hpp"

#include "collab/content.hpp"
#include "core/keys.hpp"
#include "core/lists.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab::evidence {

std::string my_name(const flows::flow_context& ctx) {
  if (ctx.person && !ctx.person->display_name.empty()) return ctx.person->display_name;
  if (!ctx.person_name.empty()) return ctx.person_name;
  return ctx.person ? ctx.person->user_id : std::string();
}

std::optional<plan> find_plan(const flows::record_view& records, std::string_view tenant, std::string_view id) {
  if (id.empty()) return std::nullopt;
  auto j = records.get(plans_collection, core::tenant_key(tenant, id));
  if (!j || !j->is_object()) return std::nullopt;
  try {
    plan p = j->get<plan>();
    if (p.id.empty()) p.id = std::string(id);
    if (p.tenant.empty()) p.tenant = std::string(tenant);
    return p;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::vector<plan> plans_of(const flows::record_view& records, std::string_view tenant, int* unreadable) {
  std::vector<plan> out;
  const std::string prefix = core::tenant_prefix(tenant);
  for (const auto& [key, j] : records.scan(plans_collection, prefix)) {
    try {
      plan p = j.get<plan>();
      if (p.id.empty()) p.id = key.substr(prefix.size());
      if (p.tenant.empty()) p.tenant = std::string(tenant);
      out.push_back(std::move(p));
    } catch (const nlohmann::json::exception& e) {
      log::warn("record.unreadable").kv("collection", plans_collection).kv("key", key).kv("error", e.what());
      if (unreadable) ++*unreadable;
    }
  }
  return out;
}

void tick_step(plan& p, std::string_view id, const std::string& by, long long at_ms) {
  for (auto& item : p.checklist)
    if (item.id == id && !item.ticked) {
      item.ticked = true;
      item.ticked_by = by;
      item.ticked_ms = at_ms;
    }
}

std::string plan_label(const plan& p) { return p.title.empty() ? p.id : p.id + ": " + p.title; }

std::string content_label(const flows::flow_context& ctx, const content* words, std::string_view list,
                          std::string_view id) {
  if (words)
    if (const content_item* item = words->find(list, id)) return say(ctx, item->name);
  return std::string(id);
}

flows::action_result refuse_not_partner(const plan& p, const flows::action_call& call, std::string_view key) {
  std::vector<std::string> names;
  for (const auto& k : p.partners) names.push_back(name_of(*call.ctx.records, p.tenant, k));
  flows::action_result r;
  r.replies.push_back(
      text_message(say(call.ctx, key, {{"id", p.id}, {"title", p.title}, {"names", join_names(call.ctx, names)}})));
  r.outcome = "refused";
  return r;
}

std::optional<plan> my_named_plan(const flows::action_call& call, std::string_view area, flows::action_result& refused) {
  const core::person& me = *call.ctx.person;
  auto p = find_plan(*call.ctx.records, me.tenant, core::to_lower_ascii(call.args.at(0)));
  if (!p) {
    refused.replies.push_back(text_message(say(call.ctx, std::string(area) + ".not_found", {{"id", call.args[0]}})));
    refused.outcome = "refused";
    return std::nullopt;
  }
  if (!p->has_partner(me.key())) {
    refused = refuse_not_partner(*p, call, std::string(area) + ".not_partner");
    return std::nullopt;
  }
  return p;
}

std::string join_names(const flows::flow_context& ctx, const std::vector<std::string>& names) {
  return core::join_list(names, ", ", say(ctx, "report.and"));
}

}  // namespace commonsbot::collab::evidence
