#include "app/pipeline.hpp"

#include "core/keys.hpp"
#include "core/text.hpp"
#include "delivery/outbox_entry.hpp"
#include "flows/engine.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::app {
namespace {

std::string dedupe_key(const core::event& ev) {
  return core::tenant_key(ev.tenant, ev.platform + "/" + ev.delivery_id);
}

core::message text_message(std::string text) {
  core::message m;
  m.text = std::move(text);
  return m;
}

bool usable(const core::event& ev, std::string& why) {
  if (ev.tenant.empty() || ev.tenant.find('/') != std::string::npos) why = "missing or bad tenant";
  else if (ev.platform.empty()) why = "missing platform";
  else if (ev.user_id.empty()) why = "missing user";
  else if (!core::is_valid_utf8(ev.text) || !core::is_valid_utf8(ev.user_name)) why = "text is not valid UTF-8";
  return why.empty();
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
  serializer_.run(key, [this, ev = std::move(ev), done = std::move(done)](std::function<void()> finished) mutable {
    process(std::move(ev), done, std::move(finished));
  });
}

core::person pipeline::resolve_person(const core::event& ev, bool& changed) const {
  core::person p;
  changed = false;
  const std::string key = core::tenant_key(ev.tenant, ev.platform + ":" + ev.user_id);
  if (auto stored = db_.get(core::collections::people, key)) {
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
  return p;
}

void pipeline::process(core::event ev, const std::function<void(core::outcome)>& done, std::function<void()> finished) {
  if (!ev.delivery_id.empty() && db_.get(core::collections::dedupe, dedupe_key(ev))) {
    log::info("pipeline.duplicate").kv("platform", ev.platform).kv("delivery_id", ev.delivery_id);
    finished();
    done({core::outcome::status::duplicate, {}, ""});
    return;
  }
  const long long now_ms = core::to_epoch_ms(clock_.now());
  bool person_changed = false;
  core::person person = resolve_person(ev, person_changed);
  if (person.direct.platform.empty() || person.direct != ev.reply) {
    person.direct = ev.reply;
    person_changed = true;
  }

  flows::flow_context ctx{flows_, person.role, person.locale, person.display_name.empty() ? person.user_id : person.display_name,
                          now_ms, options_.session_idle_ms};
  const std::string skey = session_key(ev);
  std::optional<flows::session> current;
  if (auto stored = db_.get(core::collections::sessions, skey)) current = stored->get<flows::session>();

  // Route: a command starts a flow; anything else answers the open one.
  flows::flow_result result;
  bool keep_current = false;
  if (ev.kind == core::event_kind::command) {
    const flows::flow_def* flow = flows_.by_command(ev.command.empty() ? "help" : ev.command);
    if (!flow) {
      result.replies.push_back(text_message(flows_.messages().text(ctx.locale, "engine.unknown_command", {{"command", ev.command}})));
      keep_current = true;
    } else if (!flow->allows(person.role)) {
      result.replies.push_back(flows::refusal(*flow, ctx));
      keep_current = true;
    } else {
      result = flows::start_flow(*flow, ev.args, ctx);
      // A flow that finishes at once (help) leaves an open conversation where it was.
      keep_current = !result.state && current && !flows::is_expired(*current, ctx);
      if (keep_current) {
        const flows::flow_def* open = flows_.by_id(current->flow);
        if (open)
          result.replies.push_back(text_message(flows_.messages().text(ctx.locale, "engine.still_open", {{"command", open->command}})));
      }
    }
  } else if (ev.kind == core::event_kind::message || ev.kind == core::event_kind::action ||
             ev.kind == core::event_kind::form_submission) {
    if (current) {
      result = flows::resume_flow(*current, {ev.text, ev.action_id, ev.action_value}, ctx);
    } else {
      result.replies.push_back(text_message(flows_.messages().text(ctx.locale, "engine.no_session", {{"name", ctx.person_name}})));
    }
  }
  // Lifecycle events change nothing here yet; platform adapters handle them at the edge.

  store::transaction txn;
  if (!keep_current) {
    if (result.state) txn.put(std::string(core::collections::sessions), skey, *result.state);
    else if (current) txn.erase(std::string(core::collections::sessions), skey);
  }
  if (person_changed)
    txn.put(std::string(core::collections::people), core::tenant_key(ev.tenant, person.key()), person);
  if (!ev.delivery_id.empty())
    txn.put(std::string(core::collections::dedupe), dedupe_key(ev), {{"at_ms", now_ms}});

  // Replies the acknowledgement cannot carry go out through the outbox, committed with the
  // state that caused them.
  bool queued = false;
  if (ev.inline_replies >= 0)
    for (std::size_t i = static_cast<std::size_t>(ev.inline_replies); i < result.replies.size(); ++i) {
      delivery::enqueue(txn, ev.reply, result.replies[i], now_ms);
      queued = true;
    }

  auto replies = std::make_shared<std::vector<core::message>>(std::move(result.replies));
  db_.commit_async(std::move(txn), [this, replies, done, finished = std::move(finished), platform = ev.platform,
                                    kind = ev.kind, queued](store::status st) {
    finished();
    if (st && queued && outbox_notify_) outbox_notify_();
    ++handled_;
    if (!st) {
      log::error("pipeline.commit_failed").kv("platform", platform).kv("error", st.to_string());
      core::outcome o{core::outcome::status::unavailable, {}, st.to_string()};
      done(std::move(o));
      return;
    }
    log::debug("pipeline.handled").kv("platform", platform).kv("kind", core::to_string(kind)).kv("replies", replies->size());
    done({core::outcome::status::done, std::move(*replies), ""});
  });
}

}  // namespace commonsbot::app
