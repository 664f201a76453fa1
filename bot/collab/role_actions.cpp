// /library role @person <role> (admins): role.start reads the command's words, role.find
// reads a typed mention, role.save writes the person record (creating it for someone the bot
// hasn't met yet) and tells them what changed.
#include "collab/action_text.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/people_records.hpp"
#include "collab/profile_fields.hpp"
#include "collab/role_mentions.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"

namespace commonsbot::collab {
namespace {

using namespace people;

using flows::action_call;
using flows::action_result;

std::string role_name(const flows::message_catalog& messages, const std::string& locale, core::role r) {
  return messages.text(locale, "role.names." + std::string(core::to_string(r)));
}

std::optional<core::role> role_word(std::string_view word) {
  const std::string w = core::to_lower_ascii(word);
  if (w == "librarian" || w == "library_staff" || w == "staff") return core::role::library_staff;
  return core::parse_role(w);
}

// Finds who `typed` means and keeps it in the session: who_key, who_name, who_new.
bool remember_who(action_call& call, const std::string& typed) {
  const core::person& me = *call.ctx.person;
  auto m = parse_mention(typed, me.platform);
  if (!m) return false;
  auto found = resolve_mention(*m, people_of(*call.ctx.records, me.tenant), me);
  if (!found) return false;
  call.vars["who_key"] = found->person.key();
  call.vars["who_id"] = found->person.user_id;
  call.vars["who_name"] = name_of(found->person);
  call.vars["who_new"] = found->known ? "" : "yes";
  call.vars["current_role"] = role_name(call.ctx.flows.messages(), call.ctx.locale, found->person.role);
  return true;
}

void set_role(action_call& call, core::role r) {
  call.vars["role"] = std::string(core::to_string(r));
  call.vars["role_label"] = role_name(call.ctx.flows.messages(), call.ctx.locale, r);
}

action_result not_found(const action_call& call, const std::string& typed, std::string outcome) {
  action_result r;
  r.replies.push_back(text_message(say(call.ctx, "role.not_found", {{"who_in", typed}}) + " " + say(call.ctx, "role.hint_who")));
  r.outcome = std::move(outcome);
  return r;
}

// After the person is known: straight to confirming if the role is too, else ask for it.
action_result next_after_who(const action_call& call, action_result r) {
  if (var(call, "who_new") == "yes")
    r.replies.push_back(text_message(say(call.ctx, "role.new_person", {{"who_name", var(call, "who_name")}})));
  if (var(call, "role").empty()) r.outcome = "ask_role";
  return r;
}

action_result start_role(action_call& call) {
  action_result r;
  const auto& args = call.args;
  if (args.empty()) {
    r.outcome = "ask_who";
    return r;
  }
  std::vector<std::string> who_words = args;
  if (args.size() >= 2) {
    if (auto role = role_word(args.back())) set_role(call, *role);
    else r.replies.push_back(text_message(say(call.ctx, "role.bad_role", {{"role_in", args.back()}})));
    who_words.pop_back();
  }
  const std::string typed = join(who_words, " ");
  if (!remember_who(call, typed)) {
    auto miss = not_found(call, typed, "ask_who");
    r.replies.insert(r.replies.end(), miss.replies.begin(), miss.replies.end());
    r.outcome = "ask_who";
    return r;
  }
  return next_after_who(call, std::move(r));
}

action_result find_who(action_call& call) {
  const std::string typed = var(call, "who_in");
  if (!remember_who(call, typed)) return not_found(call, typed, "bad");
  return next_after_who(call, {});
}

action_result save_role(action_call& call) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  auto role = core::parse_role(var(call, "role"));
  const std::string who_key = var(call, "who_key");
  action_result r;
  if (!role || who_key.empty()) {
    r.replies.push_back(text_message(say(ctx, "engine.gone")));
    return r;
  }
  if (who_key == me.key() && me.role == core::role::admin && *role != core::role::admin) {
    r.replies.push_back(text_message(say(ctx, "role.not_self")));
    return r;
  }
  core::person target;
  if (auto stored = find_person(*ctx.records, me.tenant, who_key)) {
    target = std::move(*stored);
  } else {
    target.tenant = me.tenant;
    target.platform = me.platform;
    target.user_id = var(call, "who_id");
    target.display_name = var(call, "who_name");
  }
  const flows::variables words{{"who_name", name_of(target)}, {"role_label", role_name(ctx.flows.messages(), ctx.locale, *role)}};
  if (target.role == *role && find_person(*ctx.records, me.tenant, who_key)) {
    r.replies.push_back(text_message(say(ctx, "role.same", words)));
    return r;
  }
  target.role = *role;
  call.out.writes.put(std::string(core::collections::people), person_record_key(target), target);
  const bool self = target.key() == me.key();
  r.replies.push_back(text_message(say(ctx, self ? "role.saved_self" : "role.saved", words)));
  if (!self) {
    // Told in their own language, which may not be the admin's.
    const std::string& theirs = target.locale;
    core::message note = text_message(ctx.flows.messages().text(
        theirs, "role.notice",
        {{"name", name_of(target)}, {"by", ctx.person_name}, {"role", role_name(ctx.flows.messages(), theirs, *role)}}));
    call.out.notices.push_back({reach(target), std::move(note)});
  }
  return r;
}

}  // namespace

namespace detail {

void add_role_actions(flows::action_registry& actions, const services&) {
  actions.add("role.start", start_role, {"ask_who", "ask_role"}, flows::only_for({core::role::admin}));
  actions.add("role.find", find_who, {"bad", "ask_role"}, flows::only_for({core::role::admin}));
  actions.add("role.save", save_role, {}, flows::only_for({core::role::admin}));
}

}  // namespace detail
}  // namespace commonsbot::collab
