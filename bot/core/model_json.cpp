// to_json / from_json for the core model. Every field is optional on read, so records
// written by an older build still load.
#include "core/conversation_ref.hpp"
#include "core/message.hpp"
#include "core/person.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::core {
namespace {

template <class T>
void read(const nlohmann::json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) it->get_to(out);
}

}  // namespace

void to_json(nlohmann::json& j, const conversation_ref& r) {
  j = {{"platform", r.platform}, {"tenant", r.tenant}, {"conversation_id", r.conversation_id},
       {"user_id", r.user_id}};
  if (!r.thread_id.empty()) j["thread_id"] = r.thread_id;
  if (!r.service_url.empty()) j["service_url"] = r.service_url;
  if (!r.bot_id.empty()) j["bot_id"] = r.bot_id;
  if (!r.message_id.empty()) j["message_id"] = r.message_id;
}

void from_json(const nlohmann::json& j, conversation_ref& r) {
  read(j, "platform", r.platform);
  read(j, "tenant", r.tenant);
  read(j, "conversation_id", r.conversation_id);
  read(j, "user_id", r.user_id);
  read(j, "thread_id", r.thread_id);
  read(j, "service_url", r.service_url);
  read(j, "bot_id", r.bot_id);
  read(j, "message_id", r.message_id);
}

void to_json(nlohmann::json& j, const nudge_preferences& p) {
  j = {{"off", p.off}, {"paused_until", p.paused_until}, {"quiet_from", p.quiet_from}, {"quiet_to", p.quiet_to},
       {"working_days", p.working_days}};
}

void from_json(const nlohmann::json& j, nudge_preferences& p) {
  read(j, "off", p.off);
  read(j, "paused_until", p.paused_until);
  read(j, "quiet_from", p.quiet_from);
  read(j, "quiet_to", p.quiet_to);
  read(j, "working_days", p.working_days);
}

void to_json(nlohmann::json& j, const person& p) {
  j = {{"tenant", p.tenant},
       {"platform", p.platform},
       {"user_id", p.user_id},
       {"display_name", p.display_name},
       {"role", std::string(to_string(p.role))},
       {"time_zone", p.time_zone},
       {"locale", p.locale},
       {"learning_areas", p.learning_areas},
       {"year_levels", p.year_levels},
       {"interests", p.interests},
       {"direct", p.direct},
       {"nudges", p.nudges}};
}

void from_json(const nlohmann::json& j, person& p) {
  read(j, "tenant", p.tenant);
  read(j, "platform", p.platform);
  read(j, "user_id", p.user_id);
  read(j, "display_name", p.display_name);
  std::string r;
  read(j, "role", r);
  p.role = parse_role(r).value_or(role::teacher);
  read(j, "time_zone", p.time_zone);
  read(j, "locale", p.locale);
  read(j, "learning_areas", p.learning_areas);
  read(j, "year_levels", p.year_levels);
  read(j, "interests", p.interests);
  read(j, "direct", p.direct);
  read(j, "nudges", p.nudges);
}

void to_json(nlohmann::json& j, const field& f) { j = {{"label", f.label}, {"value", f.value}}; }
void from_json(const nlohmann::json& j, field& f) {
  read(j, "label", f.label);
  read(j, "value", f.value);
}
void to_json(nlohmann::json& j, const section& s) {
  j = {{"title", s.title}, {"text", s.text}, {"fields", s.fields}};
}
void from_json(const nlohmann::json& j, section& s) {
  read(j, "title", s.title);
  read(j, "text", s.text);
  read(j, "fields", s.fields);
}
void to_json(nlohmann::json& j, const link& l) { j = {{"title", l.title}, {"url", l.url}}; }
void from_json(const nlohmann::json& j, link& l) {
  read(j, "title", l.title);
  read(j, "url", l.url);
}
void to_json(nlohmann::json& j, const choice& c) {
  j = {{"id", c.id}, {"label", c.label}, {"value", c.value}};
}
void from_json(const nlohmann::json& j, choice& c) {
  read(j, "id", c.id);
  read(j, "label", c.label);
  read(j, "value", c.value);
}
void to_json(nlohmann::json& j, const checklist_item& c) {
  j = {{"id", c.id}, {"label", c.label}, {"ticked", c.ticked}, {"ticked_by", c.ticked_by}};
}
void from_json(const nlohmann::json& j, checklist_item& c) {
  read(j, "id", c.id);
  read(j, "label", c.label);
  read(j, "ticked", c.ticked);
  read(j, "ticked_by", c.ticked_by);
}

void to_json(nlohmann::json& j, const message& m) {
  j = nlohmann::json::object();
  if (!m.text.empty()) j["text"] = m.text;
  if (!m.sections.empty()) j["sections"] = m.sections;
  if (!m.links.empty()) j["links"] = m.links;
  if (!m.choices.empty()) j["choices"] = m.choices;
  if (!m.checklist.empty()) j["checklist"] = m.checklist;
  if (!m.context.empty()) j["context"] = m.context;
  if (m.ephemeral) j["ephemeral"] = true;
  if (m.replace_original) j["replace_original"] = true;
  if (!m.surface.empty()) j["surface"] = m.surface;
  if (!m.form_command.empty()) j["form_command"] = m.form_command;
}

void from_json(const nlohmann::json& j, message& m) {
  read(j, "text", m.text);
  read(j, "sections", m.sections);
  read(j, "links", m.links);
  read(j, "choices", m.choices);
  read(j, "checklist", m.checklist);
  read(j, "context", m.context);
  read(j, "ephemeral", m.ephemeral);
  read(j, "replace_original", m.replace_original);
  read(j, "surface", m.surface);
  read(j, "form_command", m.form_command);
}

}  // namespace commonsbot::core
