#include "pipeline/pipeline.hpp"

#include "core/keys.hpp"
#include "core/text.hpp"
#include "delivery/outbox_entry.hpp"
#include "flows/engine.hpp"
#include "flows/form.hpp"
#include "log/log.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::pipeline {
namespace {

std::string dedupe_key(const core::event& ev) {
  return core::tenant_key(ev.tenant, ev.platform + "/" + ev.delivery_id);
}

core::message text_message(std::string text) {
  core::message m;
  m.text = std::move(text);
  return m;
}

// An after-commit hook (a schedule re-derivation) that throws must not stop the event's
// answer: the commit is durable, so the hook's failure is only logged.
void run_contained(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    log::error("pipeline.after_commit_failed").kv("error", e.what());
  } catch (...) {
    log::error("pipeline.after_commit_failed").kv("error", "unknown exception");
  }
}

bool usable(const core::event& ev, std::string& why) {
  if (ev.tenant.empty() || ev.tenant.find('/') != std::string::npos) why = "missing or bad tenant";
  else if (ev.platform.empty()) why = "missing platform";
  // Workspace lifecycle events (the app uninstalled) come from nobody in particular.
  else if (ev.user_id.empty() && ev.kind != core::event_kind::lifecycle) why = "missing user";
  else if (!core::is_valid_utf8(ev.text) || !core::is_valid_utf8(ev.user_name)) why = "text is not valid UTF-8";
  return why.empty();
}

// Someone from another tenant (a Slack Connect user, a guest from another workspace).
bool is_outsider(const core::event& ev) { return !ev.user_tenant.empty() && ev.user_tenant != ev.tenant; }

// True if a button's payload or a lifecycle event's fields name a tenant or an organisation
// other than the event's own: an action only ever acts on its event's tenant, so such an
// event is refused rather than trusted.
bool names_other_tenant(const core::event& ev, std::string_view payload) {
  if (payload.empty() || payload.front() != '{') return false;
  const auto j = nlohmann::json::parse(payload, nullptr, false);
  if (!j.is_object()) return true;  // looks like JSON but is not: nothing to trust
  const auto differs = [&j](const char* key, auto&& ok) {
    auto it = j.find(key);
    return it != j.end() && (!it->is_string() || !ok(it->template get<std::string>()));
  };
  const auto own_tenant = [&ev](const std::string& v) { return v == ev.tenant; };
  // An org-level event's tenant is the org itself (a Slack org-wide install).
  const auto own_org = [&ev](const std::string& v) { return v == ev.org || v == ev.tenant; };
  return differs("tenant", own_tenant) || differs("team_id", own_tenant) || differs("enterprise_id", own_org);
}

// Where to reach this person later without an inbound event: their DM on the platform. The
// user id is kept, and the address the platform says lasts; a reply channel or a Slack
// response_url expires.
core::conversation_ref direct_ref(const core::event& ev) {
  core::conversation_ref r;
  r.platform = ev.reply.platform;
  r.tenant = ev.reply.tenant;
  r.user_id = ev.reply.user_id;
  r.bot_id = ev.reply.bot_id;
  r.service_url = ev.direct_service_url;  // Teams opens the 1:1 conversation there
  return r;
}

// What routing decided for one event.
struct routed {
  flows::flow_result result;
  bool keep_current = false;  // leave the open session as it was
  std::map<std::string, std::string> field_errors;  // a form turned down
};

// A flow with a form, started where a form can open now (a Slack command's trigger_id):
// its questions go out as one form through the outbox, and the command's own answer is an
// empty acknowledgement. The form carries the reply address (the conversation, and Slack's
// response_url), so its answers find the session and what follows goes where the chat would.
void offer_form(const core::event& ev, const flows::flow_context& ctx, flows::flow_result& result) {
  auto trigger = ev.fields.find("trigger_id");
  if (trigger == ev.fields.end() || trigger->second.empty()) {
    // No form can open now; where a button can open one (Teams), the first question says so.
    if (result.state && !result.replies.empty() && flows::form_for(*result.state, ctx, "", ""))
      result.replies.front().form_command = ev.command;
    return;
  }
  if (!result.state) return;
  auto form = flows::form_for(*result.state, ctx, trigger->second, nlohmann::json(ev.reply).dump());
  if (!form) return;
  result.replies.clear();
  if (ev.fields.contains("form_in_reply")) result.replies.push_back(core::form_message(*form));
  else result.effects.notices.push_back({ev.reply, core::form_message(*form)});
}

routed route(const core::event& ev, const std::optional<flows::session>& current, const flows::flow_registry& flows,
             const flows::flow_context& ctx) {
  routed r;
  const auto& msgs = flows.messages();
  if (ev.kind == core::event_kind::command) {
    const flows::flow_def* flow = flows.by_command(ev.command.empty() ? "help" : ev.command);
    if (!flow) {
      r.result.replies.push_back(text_message(msgs.text(ctx.locale, "engine.unknown_command", {{"command", ev.command}})));
      r.keep_current = true;
    } else if (!flow->allows(ctx.role)) {
      r.result.replies.push_back(flows::refusal(*flow, ctx));
      r.keep_current = true;
    } else {
      r.result = flows::start_flow(*flow, ev.args, ctx);
      offer_form(ev, ctx, r.result);
      // A flow that finishes at once (help) leaves an open conversation where it was.
      r.keep_current = !r.result.state && current && !flows::is_expired(*current, ctx);
      if (r.keep_current)
        if (const flows::flow_def* open = flows.by_id(current->flow))
          r.result.replies.push_back(text_message(msgs.text(ctx.locale, "engine.still_open", {{"command", open->command}})));
    }
    return r;
  }
  if (ev.kind == core::event_kind::action) {
    // Buttons on a record (a plan's checklist) work at any time, whatever the session.
    if (auto button = flows::parse_record_button(ev.action_id)) {
      r.keep_current = true;
      // A button is whatever the person's client sent: only actions registered as buttons,
      // for the person's role, acting on the event's own tenant, run (engine.hpp).
      const bool allowed = ctx.actions && ctx.actions->find(button->first, flows::reach::button, ctx.role) &&
                           !names_other_tenant(ev, button->second);
      if (ctx.actions && ctx.actions->contains(button->first) && !allowed) {
        log::warn("pipeline.button_refused").kv("platform", ev.platform).kv("tenant", ev.tenant)
            .kv("action", button->first).kv("role", core::to_string(ctx.role));
        core::message m = text_message(msgs.text(ctx.locale, "engine.button_refused"));
        m.ephemeral = true;
        r.result.replies.push_back(std::move(m));
        return r;
      }
      r.result = flows::run_record_action(button->first, button->second, ctx);
      // The action's first reply is the record redrawn (the ticked checklist): it takes the
      // place of the message the button was on. Not when the action is unknown ("gone").
      if (!r.result.replies.empty() && allowed) r.result.replies.front().replace_original = true;
      return r;
    }
  }
  if (ev.kind == core::event_kind::form_submission && current) {
    auto submitted = flows::submit_form(*current, ev.fields, ctx);
    const bool turned_down = !submitted.ok();
    r.keep_current = turned_down;
    r.field_errors = std::move(submitted.errors);
    r.result = std::move(submitted.result);
    // Where the acknowledgement carries the answer (a Teams task module), the form goes
    // back with its errors, so the platform can show it again as it was.
    if (turned_down && ev.inline_replies > 0)
      if (auto again = flows::form_for(*current, ctx, "", nlohmann::json(ev.reply).dump()))
        r.result.replies.push_back(core::form_message(*again));
    return r;
  }
  if (ev.kind == core::event_kind::message || ev.kind == core::event_kind::action ||
      ev.kind == core::event_kind::form_submission) {
    if (current) r.result = flows::resume_flow(*current, {ev.text, ev.action_id, ev.action_value}, ctx);
    else r.result.replies.push_back(text_message(msgs.text(ctx.locale, "engine.no_session", {{"name", ctx.person_name}})));
    return r;
  }
  // Lifecycle events (installed, home opened, uninstalled ...) come only from an adapter (or
  // the bot's own workers), never from what a person typed or pressed. They run the lifecycle
  // action "on.<what>" when one is registered, with the event's fields as a JSON object in
  // the payload; otherwise, or when the fields name another tenant, they change nothing.
  r.keep_current = true;
  if (ev.kind != core::event_kind::lifecycle || !ctx.actions) return r;
  const std::string action = "on." + ev.text;
  const std::string payload = ev.fields.empty() ? "" : nlohmann::json(ev.fields).dump();
  if (names_other_tenant(ev, payload)) {
    log::warn("pipeline.lifecycle_refused").kv("platform", ev.platform).kv("tenant", ev.tenant).kv("action", action)
        .kv("why", "its fields name another tenant");
    return r;
  }
  if (ctx.actions->find(action, flows::reach::lifecycle, ctx.role)) r.result = flows::run_lifecycle_action(action, payload, ctx);
  return r;
}

}  // namespace

std::string session_key(const core::event& ev) {
  return core::tenant_key(ev.tenant, ev.platform + "/" + ev.conversation_id + "/" + ev.user_id);
}

pipeline::pipeline(store::store& db, const flows::flow_registry& flows, const core::clock& clock,
                   pipeline_options options)
    : db_(db), flows_(flows), clock_(clock), options_(std::move(options)) {}

void pipeline::submit(core::event ev, std::function<void(core::outcome)> done) {
  std::string why;
  if (!usable(ev, why)) {
    log::warn("pipeline.invalid_event").kv("platform", ev.platform).kv("why", why);
    done({core::outcome::status::invalid, {}, why});
    return;
  }
  const std::string key = session_key(ev);
  auto shared = std::make_shared<const core::event>(std::move(ev));
  serializer_.run(key, [this, shared, done = std::move(done)](std::function<void()> finished) mutable {
    process_safely(shared, std::move(done), std::move(finished));
  });
}

void pipeline::process_safely(std::shared_ptr<const core::event> shared, done_fn done, std::function<void()> finished) {
  // Each may be called once; whichever of process() and the handler below gets there first.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  auto released = std::make_shared<std::atomic<bool>>(false);
  done_fn answer_once = [answered, done = std::move(done)](core::outcome o) {
    if (!answered->exchange(true)) done(std::move(o));
  };
  auto finish_once = [released, finished = std::move(finished)] {
    if (!released->exchange(true)) finished();
  };
  std::string error;
  try {
    process(shared, answer_once, finish_once);
    return;
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception";
  }
  // The exception's text names what failed to parse, never a record's contents or a secret.
  log::error("pipeline.event_failed")
      .kv("platform", shared->platform)
      .kv("kind", core::to_string(shared->kind))
      .kv("delivery_id", shared->delivery_id.empty() ? std::string("-") : shared->delivery_id)
      .kv("error", error);
  ++handled_;
  const std::string sorry = flows_.messages().text(flows_.messages().default_locale(), "engine.failed");
  answer_once({core::outcome::status::failed, {text_message(sorry)}, error});
  finish_once();
}

core::person pipeline::resolve_person(const core::event& ev, const flows::record_view& records, bool& changed) const {
  core::person p;
  changed = false;
  const std::string key = core::tenant_key(ev.tenant, ev.platform + ":" + ev.user_id);
  if (auto stored = records.get(core::collections::people, key)) {
    p = stored->get<core::person>();
  } else {
    p.tenant = ev.tenant;
    p.platform = ev.platform;
    p.user_id = ev.user_id;
    p.role = core::role::teacher;
    if (auto t = options_.seed_roles.find(ev.tenant); t != options_.seed_roles.end())
      if (auto r = t->second.find(ev.user_id); r != t->second.end()) p.role = r->second;
    changed = true;
  }
  if (!ev.user_name.empty() && p.display_name != ev.user_name) {
    p.display_name = ev.user_name;
    changed = true;
  }
  if (p.time_zone.empty() && !ev.time_zone.empty() && schedule::zone::find(ev.time_zone)) {
    p.time_zone = ev.time_zone;
    changed = true;
  }
  if (const auto direct = direct_ref(ev); p.direct != direct) {
    p.direct = direct;
    changed = true;
  }
  return p;
}

void pipeline::process(std::shared_ptr<const core::event> shared, done_fn done, std::function<void()> finished) {
  const core::event& ev = *shared;
  if (!ev.delivery_id.empty() && db_.get(core::collections::dedupe, dedupe_key(ev))) {
    log::info("pipeline.duplicate").kv("platform", ev.platform).kv("delivery_id", ev.delivery_id);
    done({core::outcome::status::duplicate, {}, ""});
    finished();
    return;
  }
  const write_guard::ticket ticket = guard_.enter();
  try {
    attempt(ev, ticket, shared, done, finished);
  } catch (...) {
    guard_.abandon(ticket);  // only reached before try_commit claimed the commit
    throw;
  }
}

void pipeline::attempt(const core::event& ev, write_guard::ticket ticket, std::shared_ptr<const core::event> shared,
                       done_fn done, std::function<void()> finished) {
  const long long now_ms = core::to_epoch_ms(clock_.now());
  tracked_reads records(db_);
  bool person_changed = false;
  const core::person person = resolve_person(ev, records, person_changed);
  // Someone from another workspace is no member of this school: no person, no session.
  const bool outsider = is_outsider(ev) && !options_.outsiders_allowed.contains(ev.platform);
  if (outsider) person_changed = false;

  flows::flow_context ctx{flows_, person.role, person.locale, person.display_name.empty() ? person.user_id : person.display_name,
                          now_ms, options_.session_idle_ms, &person, &records, options_.actions};
  const std::string skey = session_key(ev);
  std::optional<flows::session> current;
  if (auto stored = db_.get(core::collections::sessions, skey)) current = stored->get<flows::session>();

  routed r;
  if (outsider) {
    log::info("pipeline.outsider_refused").kv("platform", ev.platform).kv("tenant", ev.tenant)
        .kv("kind", core::to_string(ev.kind));
    r.keep_current = true;
    if (ev.kind != core::event_kind::lifecycle) {
      core::message m = text_message(flows_.messages().text(ctx.locale, "engine.outsider"));
      m.ephemeral = true;
      r.result.replies.push_back(std::move(m));
    }
  } else {
    r = route(ev, current, flows_, ctx);
  }
  flows::flow_result& result = r.result;

  auto txn = std::make_shared<store::transaction>();
  // The organisation a tenant belongs to, as first seen in a verified request: an org-wide
  // installation's token is used only for tenants recorded here (adapters/slack/installations).
  if (!ev.org.empty() && !outsider) {
    const std::string org_key = core::tenant_key(ev.tenant, ev.platform);
    if (!records.get(core::collections::tenant_orgs, org_key))
      txn->put(std::string(core::collections::tenant_orgs), org_key, {{"org", ev.org}, {"first_seen_ms", now_ms}});
  }
  if (person_changed && !ev.user_id.empty())
    txn->put(std::string(core::collections::people), core::tenant_key(ev.tenant, person.key()), person);
  txn->append(std::move(result.effects.writes));  // an action's change to this person comes later, so it wins
  if (!r.keep_current) {
    if (result.state) txn->put(std::string(core::collections::sessions), skey, *result.state);
    else if (current) txn->erase(std::string(core::collections::sessions), skey);
  }
  if (!ev.delivery_id.empty())
    txn->put(std::string(core::collections::dedupe), dedupe_key(ev), {{"at_ms", now_ms}});

  // Replies the acknowledgement cannot carry, and messages for other people, go out through
  // the outbox, committed with the state that caused them.
  std::vector<std::string> queued;
  // A form that was accepted closes (a Teams task module): what the flow says next, with its
  // buttons, goes to the conversation; only a turned-down form rides in the answer.
  const int inline_replies =
      ev.kind == core::event_kind::form_submission && r.field_errors.empty() ? std::min(ev.inline_replies, 0)
                                                                             : ev.inline_replies;
  if (inline_replies >= 0)
    for (std::size_t i = static_cast<std::size_t>(inline_replies); i < result.replies.size(); ++i)
      queued.push_back(delivery::enqueue(*txn, ev.reply, result.replies[i], now_ms).key());
  for (const auto& n : result.effects.notices) queued.push_back(delivery::enqueue(*txn, n.to, n.message, now_ms).key());

  auto retry = [this, shared, done, finished] {
    ++retried_;
    process_safely(shared, done, finished);
  };
  if (!guard_.try_commit(ticket, records, *txn, std::move(retry))) return;

  auto replies = std::make_shared<std::vector<core::message>>(std::move(result.replies));
  auto after = std::make_shared<std::vector<std::function<void()>>>(std::move(result.effects.after_commit));
  db_.commit_async(*txn, [this, txn, ticket, replies, after, done = std::move(done), errors = std::move(r.field_errors), finished = std::move(finished),
                          platform = ev.platform, kind = ev.kind, queued = std::move(queued)](store::status st) mutable {
    guard_.finish(ticket, *txn);
    if (st)
      for (auto& f : *after) run_contained(f);
    if (st && !queued.empty() && outbox_notify_) outbox_notify_(std::move(queued));
    ++handled_;
    // The answer first: this event is durable, and its reply must reach the person whatever
    // the next event for this key does when finished() starts it on this thread.
    if (!st) {
      log::error("pipeline.commit_failed").kv("platform", platform).kv("error", st.to_string());
      done({core::outcome::status::unavailable, {}, st.to_string()});
    } else {
      log::debug("pipeline.handled").kv("platform", platform).kv("kind", core::to_string(kind)).kv("replies", replies->size());
      done({core::outcome::status::done, std::move(*replies), "", std::move(errors)});
    }
    finished();
  });
}

}  // namespace commonsbot::pipeline
