#include "collab/share_request.hpp"

#include "collab/report_records.hpp"
#include "core/json_fields.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace commonsbot::collab {
namespace {

using namespace evidence;

std::optional<share_request> find_request(const flows::record_view& records, std::string_view tenant,
                                          std::string_view plan_id) {
  auto j = records.get(share_requests_collection, core::tenant_key(tenant, plan_id));
  if (!j || !j->is_object()) return std::nullopt;
  return j->get<share_request>();
}

// The reflection to tell the story from: the newest one whose author was happy to share,
// else the newest.
const reflection* story_reflection(const plan& p) {
  for (auto it = p.reflections.rbegin(); it != p.reflections.rend(); ++it)
    if (it->share) return &*it;
  return p.reflections.empty() ? nullptr : &p.reflections.back();
}

// http(s) links in free text, so the evidence shows as buttons where the platform can.
std::vector<std::string> links_in(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t at = 0; (at = s.find("http", at)) != std::string::npos;) {
    if (s.compare(at, 7, "http://") != 0 && s.compare(at, 8, "https://") != 0) {
      at += 4;
      continue;
    }
    std::size_t end = at;
    while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end])) && s[end] != '>' && s[end] != ')') ++end;
    while (end > at && (s[end - 1] == '.' || s[end - 1] == ',')) --end;
    out.push_back(s.substr(at, end - at));
    at = end;
  }
  return out;
}

std::vector<std::string> partner_names(const plan& p, const flows::record_view& records) {
  std::vector<std::string> names;
  for (const auto& k : p.partners) names.push_back(name_of(records, p.tenant, k));
  return names;
}

}  // namespace

std::string share_request::key() const { return core::tenant_key(tenant, plan); }

void to_json(nlohmann::json& j, const share_request& r) {
  j = {{"plan", r.plan},         {"tenant", r.tenant},       {"asked_by", r.asked_by},
       {"asked_ms", r.asked_ms}, {"status", r.status},       {"answered_by", r.answered_by},
       {"answered_ms", r.answered_ms}};
}

void from_json(const nlohmann::json& j, share_request& r) {
  r = share_request{};
  if (!j.is_object()) return;
  r.plan = core::string_field(j, "plan");
  r.tenant = core::string_field(j, "tenant");
  r.asked_by = core::string_field(j, "asked_by");
  r.asked_ms = core::integer_field(j, "asked_ms");
  r.status = core::string_field(j, "status");
  if (r.status.empty()) r.status = "asked";
  r.answered_by = core::string_field(j, "answered_by");
  r.answered_ms = core::integer_field(j, "answered_ms");
}

std::optional<core::conversation_ref> staff_channel(const services& s, const core::person& acting) {
  auto it = s.staff_channels.find(acting.tenant);
  if (it == s.staff_channels.end() || it->second.conversation_id.empty()) return std::nullopt;
  core::conversation_ref r = it->second;
  if (r.platform.empty()) r.platform = acting.platform;
  if (r.tenant.empty()) r.tenant = acting.tenant;
  return r;
}

core::message share_story(const plan& p, const flows::flow_context& ctx, const services& s) {
  const auto& records = *ctx.records;
  core::message m;
  m.text = say(ctx, "share.story_title", {{"title", p.title.empty() ? p.id : p.title}});
  core::section who;
  who.fields.push_back({say(ctx, "share.story_who"), join_names(ctx, partner_names(p, records))});
  if (!p.learning_areas.empty()) who.fields.push_back({say(ctx, "share.story_areas"), core::join_list(p.learning_areas, ", ", ", ")});
  if (!p.year_levels.empty()) who.fields.push_back({say(ctx, "share.story_years"), core::join_list(p.year_levels, ", ", ", ")});
  if (!p.support.empty())
    who.fields.push_back({say(ctx, "share.story_level"), content_label(ctx, s.words, "continuum", p.support)});
  if (!p.model.empty()) who.fields.push_back({say(ctx, "share.story_model"), content_label(ctx, s.words, "models", p.model)});
  m.sections.push_back(std::move(who));
  const std::string done = !p.activities.empty() ? p.activities : p.outcomes;
  if (!done.empty()) m.sections.push_back({say(ctx, "share.story_did"), done, {}});
  if (const reflection* r = story_reflection(p)) {
    if (!r->worked.empty()) m.sections.push_back({say(ctx, "share.story_worked"), r->worked, {}});
    if (!r->evidence.empty()) {
      m.sections.push_back({say(ctx, "share.story_evidence"), r->evidence, {}});
      for (const auto& url : links_in(r->evidence)) m.links.push_back({say(ctx, "share.story_link"), url});
    }
  }
  m.context = say(ctx, "share.story_footer");
  return m;
}

void post_story(plan& p, share_request& request, flows::action_call& call, const services& s,
                const core::conversation_ref& channel) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  call.out.notices.push_back({channel, share_story(p, ctx, s)});
  p.shared = true;
  p.updated_ms = ctx.now_ms;
  tick_step(p, "share", me.key(), ctx.now_ms);
  request.plan = p.id;
  request.tenant = p.tenant;
  request.status = "posted";
  request.answered_by = me.key();
  request.answered_ms = ctx.now_ms;
  call.out.writes.put(std::string(share_requests_collection), request.key(), request);
  if (!request.asked_by.empty() && request.asked_by != me.key())
    call.out.notices.push_back(
        {direct_ref(*ctx.records, p.tenant, request.asked_by),
         text_message(say(ctx, "share.posted_notice", {{"who", my_name(ctx)},
                                                       {"title", p.title}, {"id", p.id}}))});
}

share_step request_share(plan& p, flows::action_call& call, const services& s, const std::string& intro,
                         std::vector<core::message>& replies, bool& plan_changed) {
  const auto& ctx = call.ctx;
  const auto& records = *ctx.records;
  const core::person& me = *ctx.person;
  const flows::variables about{{"title", p.title}, {"id", p.id}};
  if (p.shared) {
    replies.push_back(text_message(say(ctx, "share.already", about)));
    return share_step::already_shared;
  }
  if (p.reflections.empty()) {
    replies.push_back(text_message(say(ctx, "share.reflect_first", about)));
    return share_step::not_reflected;
  }
  const auto channel = staff_channel(s, me);
  if (!channel) {
    replies.push_back(text_message(say(ctx, "share.no_channel", about)));
    return share_step::no_channel;
  }
  std::vector<std::string> others, other_names;
  for (const auto& k : p.partners)
    if (k != me.key()) {
      others.push_back(k);
      other_names.push_back(name_of(records, p.tenant, k));
    }
  auto existing = find_request(records, p.tenant, p.id);
  if (existing && existing->status == "asked" && existing->asked_by != me.key() && p.has_partner(existing->asked_by)) {
    // Someone else asked: this partner saying "share" is their agreement.
    post_story(p, *existing, call, s, *channel);
    plan_changed = true;
    replies.push_back(text_message(say(ctx, "share.posted", about)));
    return share_step::posted;
  }
  if (existing && existing->status == "asked" && existing->asked_by == me.key() && !others.empty()) {
    flows::variables v = about;
    v["names"] = join_names(ctx, other_names);
    replies.push_back(text_message(say(ctx, "share.waiting", v)));
    return share_step::waiting;
  }
  share_request request;
  request.plan = p.id;
  request.tenant = p.tenant;
  request.asked_by = me.key();
  request.asked_ms = ctx.now_ms;
  if (others.empty()) {
    post_story(p, request, call, s, *channel);
    plan_changed = true;
    replies.push_back(text_message(say(ctx, "share.posted", about)));
    return share_step::posted;
  }
  call.out.writes.put(std::string(share_requests_collection), request.key(), request);
  flows::variables v = about;
  v["name"] = my_name(ctx);
  core::message ask;
  ask.text = (intro.empty() ? "" : intro + "\n\n") + say(ctx, "share.ask", v);
  ask.choices.push_back({flows::record_button("plans.share_answer", p.id + "|yes"), say(ctx, "share.yes"), "yes"});
  ask.choices.push_back({flows::record_button("plans.share_answer", p.id + "|no"), say(ctx, "share.not_yet"), "no"});
  ask.context = say(ctx, "share.ask_typed", v);
  for (const auto& k : others) call.out.notices.push_back({direct_ref(records, p.tenant, k), ask});
  v["names"] = join_names(ctx, other_names);
  replies.push_back(text_message(say(ctx, "share.asked", v)));
  return share_step::asked;
}

}  // namespace commonsbot::collab
