// The buttons on every nudge: "I'll raise it", "Snooze 1 hour", "Not this time". Each reads
// the nudge's record (the payload is its key after the tenant), so only the person it was
// for can press them and pressing twice changes nothing more. The reply redraws the nudge
// with what was decided underneath (it replaces the message the button was on).
#include "collab/action_text.hpp"
#include "collab/people_records.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "nudges/actions.hpp"
#include "nudges/fire_support.hpp"
#include "nudges/nudge_content.hpp"
#include "nudges/preferences.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace commonsbot::nudges::detail {
namespace {

using flows::action_call;
using flows::action_result;

constexpr long long hour_ms = 60LL * 60 * 1000;

action_result just(core::message m) {
  action_result r;
  r.replies.push_back(std::move(m));
  return r;
}

// The nudge as it was sent, with `note` as its small print; buttons only while it is open.
core::message redrawn(const nudge_record& rec, std::string note, bool buttons) {
  core::message m = rec.message;
  m.context = std::move(note);
  if (!buttons) m.choices.clear();
  return m;
}

// The record the button is for, when it is this person's; otherwise the reply saying why not.
std::optional<nudge_record> own_record(action_call& call, action_result& refusal) {
  const auto& ctx = call.ctx;
  if (person_of(call.payload) != ctx.person->key()) {
    refusal = just(collab::text_message(collab::say(call, "nudges.not_yours")));
    refusal.replies.back().ephemeral = true;
    return std::nullopt;
  }
  auto j = ctx.records->get(collection, core::tenant_key(ctx.person->tenant, call.payload));
  auto rec = j ? read_record(*j) : std::nullopt;
  if (!rec) {
    refusal = just(collab::text_message(collab::say(call, "nudges.gone")));
    return std::nullopt;
  }
  return rec;
}

std::string local_time_text(const context& c, const core::person& p, const nudge_record& rec, long long ms) {
  const auto z = schedule::zone::find(zone_for(p, settings_of(c, p.tenant), rec.zone));
  if (!z) return {};
  const auto t = z->to_local(ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return friendly_time(buf);
}

action_result respond(action_call& call, const char* response, const char* note_key) {
  action_result refusal;
  auto rec = own_record(call, refusal);
  if (!rec) return refusal;
  if (rec->response != response) {
    rec->response = response;
    rec->response_ms = call.ctx.now_ms;
    call.out.writes.put(std::string(collection), rec->key(), *rec);
  }
  return just(redrawn(*rec, collab::say(call, note_key), false));
}

action_result snooze(action_call& call, const context& c) {
  action_result refusal;
  auto rec = own_record(call, refusal);
  if (!rec) return refusal;
  const core::person& me = *call.ctx.person;
  const long long now = call.ctx.now_ms;
  if (rec->response == "snoozed" && rec->snoozed_until_ms > now)  // pressed twice: one reminder is plenty
    return just(redrawn(*rec, collab::say(call, "nudges.snoozed", {{"time", local_time_text(c, me, *rec, rec->snoozed_until_ms)}}),
                        false));
  const long long until = now + hour_ms;
  if (rec->meeting_ms > 0 && until >= rec->meeting_ms)
    return just(redrawn(*rec, collab::say(call, "nudges.snooze_too_late"), true));
  core::message again = rec->message;
  again.context = collab::say(call, "nudges.snoozed_again");
  delivery::enqueue_at(call.out.writes, collab::reach(me), again, now, until);
  rec->response = "snoozed";
  rec->response_ms = now;
  rec->snoozed_until_ms = until;
  call.out.writes.put(std::string(collection), rec->key(), *rec);
  return just(redrawn(*rec, collab::say(call, "nudges.snoozed", {{"time", local_time_text(c, me, *rec, until)}}), false));
}

}  // namespace

void add_button_actions(flows::action_registry& actions, const context& ctx) {
  actions.add_button(std::string(raise_action), [](action_call& call) { return respond(call, "raising", "nudges.raised"); });
  actions.add_button(std::string(skip_action), [](action_call& call) { return respond(call, "not_this_time", "nudges.skipped"); });
  actions.add_button(std::string(snooze_action), [&ctx](action_call& call) { return snooze(call, ctx); });
}

}  // namespace commonsbot::nudges::detail
