// /library digest (a preview of your digest now) and the record buttons on every digest:
// useful / not for me / more like this (digest.feedback, payload "<verdict>|<resource id>")
// and unsubscribe. A preview marks nothing as sent; feedback changes the profile, so the
// next digest (and the next preview) ranks differently.
#include "catalogue/catalogue.hpp"
#include "collab/action_text.hpp"
#include "collab/people_records.hpp"
#include "digest/actions.hpp"
#include "digest/compose.hpp"
#include "digest/feedback.hpp"
#include "digest/matcher.hpp"
#include "digest/profile_records.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace commonsbot::digest::detail {
namespace {

using flows::action_call;
using flows::action_result;

constexpr long long day_ms = 86'400'000LL;
constexpr int preview_days = 30;

// "YYYY-MM-DD" of a UTC time (Howard Hinnant's civil_from_days).
std::string iso_date(long long ms) {
  long long z = (ms >= 0 ? ms : ms - day_ms + 1) / day_ms + 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long d = doy - (153 * mp + 2) / 5 + 1;
  const long long m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = yoe + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", y, m, d);
  return buf;
}

action_result preview(action_call& call, const context& c) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  if (!c.services || !c.services->resources) return collab::reply_text(collab::say(call, "digest.preview_no_catalogue"), "empty");
  const profile p = profile_for(*ctx.records, me);
  if (p.learning_areas.empty() && p.keywords.empty() && p.interests.empty() && p.feedback.empty())
    return collab::reply_text(collab::say(call, "digest.preview_nothing_to_match"), "empty");
  // Read only: a preview marks nothing as sent. A damaged record previews as a first look.
  const sent_state sent = sent_for(*ctx.records, p).value_or(sent_state{});
  // What a digest now would hold: new since the last one, or from the last 30 days.
  const std::string since = !sent.last_sent_added.empty() ? sent.last_sent_added : iso_date(ctx.now_ms - preview_days * day_ms);
  digest_result result = matcher::added_since(*c.services->resources, me.tenant, since).match(p, sent);
  bool older = false;
  if (result.empty() && sent.last_sent_added.empty()) {  // first look: show what would suit them
    result = matcher::added_since(*c.services->resources, me.tenant, "").match(p, sent);
    older = !result.empty();
  }
  core::message m = compose(c, p, result, ctx.locale, collab::name_of(me));
  if (older) m.text = collab::say(call, "digest.preview_older", {{"name", collab::name_of(me)}});
  m.context = collab::say(call, "digest.preview_note") + (p.subscribed ? "" : " " + collab::say(call, "digest.not_subscribed_hint"));
  if (result.empty()) {
    action_result r;
    r.replies.push_back(std::move(m));
    r.outcome = "empty";
    return r;
  }
  // In a conversation the buttons are the next question's options, so typing a number
  // works on every platform; the payloads are the record buttons' own.
  nlohmann::json options = nlohmann::json::array();
  for (const auto& choice : m.choices) {
    auto button = flows::parse_record_button(choice.id);
    if (!button) continue;
    const std::string id = button->first == unsubscribe_action ? "unsubscribe" : button->second;
    options.push_back({{"id", id}, {"label", choice.label}});
  }
  options.push_back({{"id", "done"}, {"label", collab::say(call, "digest.pick_done")}});
  call.vars["digest_buttons"] = std::move(options);
  m.choices.clear();
  action_result r;
  r.replies.push_back(std::move(m));
  return r;
}

// Folds one verdict into the acting person's profile; the thanks in words.
std::string give_feedback(action_call& call, const context& c, std::string_view payload) {
  const auto& ctx = call.ctx;
  const auto bar = payload.find('|');
  const auto v = bar == std::string_view::npos ? std::nullopt : parse_verdict(payload.substr(0, bar));
  if (!v) return collab::say(call, "digest.gone");
  const std::string id(payload.substr(bar + 1));
  auto item = c.services && c.services->resources ? c.services->resources->find(ctx.person->tenant, id) : nullptr;
  if (!item) return collab::say(call, "digest.gone");
  profile p = profile_for(*ctx.records, *ctx.person);
  apply(p, *item, *v);
  put_profile(call.out, std::move(p));
  return collab::say(call, "digest.thanks." + std::string(verdict_name(*v)), {{"title", item->title}});
}

action_result press(action_call& call, const context& c) {
  const std::string pressed = collab::var(call, "pressed");
  if (pressed == "done") return {{}, "done"};
  if (pressed == "unsubscribe") {
    auto r = opt_out(call, c);
    r.outcome = "gone";
    return r;
  }
  // One verdict per item: its buttons leave the list, so the next question is shorter.
  const auto bar = pressed.find('|');
  const std::string id = bar == std::string::npos ? "" : pressed.substr(bar);
  if (auto it = call.vars.find("digest_buttons"); it != call.vars.end() && it->is_array() && !id.empty()) {
    nlohmann::json left = nlohmann::json::array();
    for (const auto& o : *it)
      if (!(o.is_object() && o.value("id", "").ends_with(id))) left.push_back(o);
    *it = std::move(left);
  }
  return collab::reply_text(give_feedback(call, c, pressed));
}

// Record buttons: the pipeline lets a button's first reply replace the message it was on,
// which would wipe the whole digest for one "useful". So the thanks goes to the person as
// a new message (through the outbox) and the digest stays as it was.
action_result to_person(action_call& call, action_result r) {
  for (auto& m : r.replies) call.out.notices.push_back({collab::reach(*call.ctx.person), std::move(m)});
  r.replies.clear();
  r.outcome.clear();
  return r;
}

}  // namespace

void add_preview_actions(flows::action_registry& actions, const context& ctx) {
  actions.add("digest.preview", [&ctx](action_call& call) { return preview(call, ctx); }, {"empty"});
  actions.add("digest.press", [&ctx](action_call& call) { return press(call, ctx); }, {"done", "gone"});
  actions.add_button(std::string(feedback_action),
              [&ctx](action_call& call) { return to_person(call, collab::reply_text(give_feedback(call, ctx, call.payload))); });
  actions.add_button(std::string(unsubscribe_action), [&ctx](action_call& call) { return to_person(call, opt_out(call, ctx)); });
}

}  // namespace commonsbot::digest::detail
