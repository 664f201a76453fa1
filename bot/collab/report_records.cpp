#include "collab/report_records.hpp"

#include "collab/content.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

namespace commonsbot::collab::evidence {

std::string say(const flows::flow_context& ctx, std::string_view key, const flows::variables& vars) {
  return ctx.flows.messages().text(ctx.locale, key, vars);
}

core::message text_message(std::string text) {
  core::message m;
  m.text = std::move(text);
  return m;
}

std::optional<core::person> find_person(const flows::record_view& records, std::string_view tenant,
                                        std::string_view person_key) {
  auto j = records.get(core::collections::people, core::tenant_key(tenant, person_key));
  if (!j || !j->is_object()) return std::nullopt;
  try {
    return j->get<core::person>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string name_of(const flows::record_view& records, std::string_view tenant, std::string_view person_key) {
  if (auto p = find_person(records, tenant, person_key); p && !p->display_name.empty()) return p->display_name;
  const auto colon = person_key.find(':');
  return std::string(colon == std::string_view::npos ? person_key : person_key.substr(colon + 1));
}

std::string my_name(const flows::flow_context& ctx) {
  if (ctx.person && !ctx.person->display_name.empty()) return ctx.person->display_name;
  if (!ctx.person_name.empty()) return ctx.person_name;
  return ctx.person ? ctx.person->user_id : std::string();
}

std::vector<core::person> people_of(const flows::record_view& records, std::string_view tenant) {
  std::vector<core::person> out;
  for (const auto& [key, j] : records.scan(core::collections::people, core::tenant_prefix(tenant))) {
    if (!j.is_object()) continue;
    try {
      core::person p = j.get<core::person>();
      if (p.tenant.empty()) p.tenant = std::string(tenant);
      if (p.user_id.empty()) continue;
      out.push_back(std::move(p));
    } catch (const nlohmann::json::exception&) {
    }
  }
  return out;
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

std::vector<plan> plans_of(const flows::record_view& records, std::string_view tenant) {
  std::vector<plan> out;
  const std::string prefix = core::tenant_prefix(tenant);
  for (const auto& [key, j] : records.scan(plans_collection, prefix)) {
    if (!j.is_object()) continue;
    try {
      plan p = j.get<plan>();
      if (p.id.empty()) p.id = key.substr(prefix.size());
      if (p.tenant.empty()) p.tenant = std::string(tenant);
      out.push_back(std::move(p));
    } catch (const nlohmann::json::exception&) {
    }
  }
  return out;
}

std::string next_id(const flows::record_view& records, std::string_view collection, std::string_view tenant,
                    std::string_view prefix) {
  const std::string key_prefix = core::tenant_key(tenant, prefix);
  long long highest = 0;
  for (const auto& entry : records.scan(collection, key_prefix)) {
    std::string_view rest = std::string_view(entry.first).substr(key_prefix.size());
    long long n = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (ec == std::errc() && p == rest.data() + rest.size() && n > highest) highest = n;
  }
  return std::string(prefix) + std::to_string(highest + 1);
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

core::conversation_ref direct_ref(const flows::record_view& records, std::string_view tenant,
                                  std::string_view person_key) {
  if (auto p = find_person(records, tenant, person_key); p && !p->direct.platform.empty() && !p->direct.user_id.empty())
    return p->direct;
  core::conversation_ref r;
  const auto colon = person_key.find(':');
  r.platform = std::string(person_key.substr(0, colon));
  r.tenant = std::string(tenant);
  r.user_id = colon == std::string_view::npos ? std::string(person_key) : std::string(person_key.substr(colon + 1));
  return r;
}

std::string join_names(const flows::flow_context& ctx, const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? say(ctx, "report.and") : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace commonsbot::collab::evidence
