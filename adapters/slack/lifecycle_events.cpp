// Events about the app itself rather than a conversation, turned into lifecycle events the
// pipeline answers by running the action "on.<text>":
//   app_home_opened (Home tab)  -> "home_opened" for the user who opened it
//   app_uninstalled             -> "uninstalled" for the workspace (no user)
//   tokens_revoked              -> "tokens_revoked"; fields "bot" and "oauth" list the user
//                                  ids whose tokens went, comma-separated
// For an org-wide (Enterprise Grid) install the last two also carry "enterprise_id" and
// "enterprise_install" ("true"): its one authorization names the org with team null, and the
// installation to erase is the org's ("E1:-"). An org-level envelope without a team_id is the
// org's own tenant (its enterprise id).
// The envelope's event_id is the delivery id, as for every event, so a retry runs nothing twice.
#include "adapters/slack/inbound.hpp"

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

std::string joined_ids(const json& tokens, std::string_view kind) {
  std::string out;
  auto it = tokens.find(kind);
  if (it == tokens.end() || !it->is_array()) return out;
  for (const auto& id : *it)
    if (id.is_string()) out += (out.empty() ? "" : ",") + id.get<std::string>();
  return out;
}

bool is_true(const json& j, std::string_view key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

// The org of an org-wide install, from the delivery's authorization or the envelope.
void add_org_install(core::event& ev, const json& envelope) {
  const json* auth = nullptr;
  if (auto a = envelope.find("authorizations"); a != envelope.end() && a->is_array() && !a->empty() &&
                                                (*a)[0].is_object())
    auth = &(*a)[0];
  if (!(auth && is_true(*auth, "is_enterprise_install")) && !is_true(envelope, "is_enterprise_install")) return;
  std::string org = auth ? text_at(*auth, "enterprise_id") : std::string();
  if (org.empty()) org = text_at(envelope, "enterprise_id");
  if (org.empty()) return;
  ev.fields["enterprise_id"] = org;
  ev.fields["enterprise_install"] = "true";
}

core::event lifecycle(const json& envelope, std::string what, const parse_context& ctx) {
  core::event ev;
  ev.platform = "slack";
  ev.tenant = text_at(envelope, "team_id");
  if (ev.tenant.empty()) ev.tenant = text_at(envelope, "enterprise_id");
  ev.kind = core::event_kind::lifecycle;
  ev.text = std::move(what);
  ev.org = text_at(envelope, "enterprise_id");
  ev.delivery_id = text_at(envelope, "event_id");
  ev.reply = {"slack", ev.tenant, "", ""};
  ev.received_at = ctx.now;
  ev.inline_replies = 0;  // an event's ack carries nothing
  return ev;
}

}  // namespace

std::optional<core::event> parse_lifecycle_event(const json& envelope, const json& e, const parse_context& ctx) {
  const std::string kind = text_at(e, "type");
  if (kind == "app_home_opened") {
    // The event also fires for the Messages and About tabs; only Home has a page to draw.
    const std::string tab = text_at(e, "tab");
    if (text_at(e, "user").empty() || (!tab.empty() && tab != "home")) return std::nullopt;
    auto ev = lifecycle(envelope, "home_opened", ctx);
    ev.user_id = text_at(e, "user");
    ev.conversation_id = text_at(e, "channel");  // the app's DM with them
    ev.reply.user_id = ev.user_id;
    return ev;
  }
  if (kind == "app_uninstalled") {
    auto ev = lifecycle(envelope, "uninstalled", ctx);
    add_org_install(ev, envelope);
    return ev;
  }
  if (kind == "tokens_revoked") {
    auto ev = lifecycle(envelope, "tokens_revoked", ctx);
    add_org_install(ev, envelope);
    if (auto t = e.find("tokens"); t != e.end() && t->is_object()) {
      ev.fields["bot"] = joined_ids(*t, "bot");
      ev.fields["oauth"] = joined_ids(*t, "oauth");
    }
    return ev;
  }
  return std::nullopt;
}

}  // namespace commonsbot::adapters::slack
