// The pipeline: the one road every event travels, whatever its platform.
//
//   dedupe by delivery id -> identity (person + role) -> route (command, answer, button)
//   -> flow step (pure; actions return effects) -> ONE durable transaction (session, person,
//   dedupe key, the actions' writes, outbox entries) -> outcome with the replies
//
// Events for the same (tenant, platform, conversation, user) run one at a time, so a
// session is never read and written by two events at once. Records shared between people
// (a plan two partners tick) are protected by the write_guard: an event that read something
// written meanwhile runs again.
#pragma once

#include "core/clock.hpp"
#include "core/event_sink.hpp"
#include "core/person.hpp"
#include "flows/flow_registry.hpp"
#include "pipeline/keyed_serializer.hpp"
#include "pipeline/write_guard.hpp"
#include "store/store.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace commonsbot::pipeline {

struct pipeline_options {
  long long session_idle_ms = 60LL * 60 * 1000;
  std::string default_locale = "en-NZ";
  // Roles for people the bot hasn't met, by tenant then user id; everyone else starts as a
  // teacher.
  std::map<std::string, std::map<std::string, core::role>> seed_roles;
  // Platforms whose config lets in people from another tenant (Slack: adapters.slack.
  // allow_guests). Everywhere else an event whose user_tenant differs from its tenant is
  // refused politely and creates nothing.
  std::set<std::string> outsiders_allowed;
  // The actions flows may run (plans, bookings ...); null: flows with act steps are broken.
  const flows::action_registry* actions = nullptr;
};

class pipeline final : public core::event_sink {
 public:
  pipeline(store::store& db, const flows::flow_registry& flows, const core::clock& clock, pipeline_options options);

  void submit(core::event ev, std::function<void(core::outcome)> done) override;

  // Called with the outbox keys after a commit that added outbox entries (the delivery
  // worker's notify), so the worker need not read the whole outbox. Set before the first
  // submit.
  using outbox_notify_fn = std::function<void(std::vector<std::string> keys)>;
  void set_outbox_notify(outbox_notify_fn notify) { outbox_notify_ = std::move(notify); }

  // Events handled since start, by result (for stats and tests).
  std::uint64_t handled() const { return handled_.load(); }
  // Attempts run again because a record they read changed meanwhile.
  std::uint64_t retried() const { return retried_.load(); }

 private:
  using done_fn = std::function<void(core::outcome)>;
  // Runs process() so that nothing escapes: an event that throws (a corrupt stored record)
  // is answered with an apology, logged with its delivery id, and its key moves on.
  void process_safely(std::shared_ptr<const core::event> ev, done_fn done, std::function<void()> finished);
  void process(std::shared_ptr<const core::event> ev, done_fn done, std::function<void()> finished);
  // One attempt after the write guard's ticket is taken; process() abandons the ticket if it throws.
  void attempt(const core::event& ev, write_guard::ticket ticket, std::shared_ptr<const core::event> shared,
               done_fn done, std::function<void()> finished);
  core::person resolve_person(const core::event& ev, const flows::record_view& records, bool& changed) const;

  store::store& db_;
  const flows::flow_registry& flows_;
  const core::clock& clock_;
  pipeline_options options_;
  keyed_serializer serializer_;
  write_guard guard_;
  std::atomic<std::uint64_t> handled_{0};
  std::atomic<std::uint64_t> retried_{0};
  outbox_notify_fn outbox_notify_;
};

// The store key of the session for this event's person and conversation.
std::string session_key(const core::event& ev);

}  // namespace commonsbot::pipeline
