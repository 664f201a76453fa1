// The pipeline: the one road every event travels, whatever its platform.
//
//   dedupe by delivery id -> identity (person + role) -> route (command, answer, button)
//   -> flow step (pure) -> ONE durable transaction (session, person, dedupe key)
//   -> outcome with the replies
//
// Events for the same (tenant, platform, conversation, user) run one at a time, so a
// session is never read and written by two events at once.
#pragma once

#include "app/keyed_serializer.hpp"
#include "core/clock.hpp"
#include "core/event_sink.hpp"
#include "core/person.hpp"
#include "flows/flow_registry.hpp"
#include "store/store.hpp"

#include <atomic>
#include <map>
#include <string>

namespace commonsbot::app {

struct pipeline_options {
  long long session_idle_ms = 60LL * 60 * 1000;
  std::string default_locale = "en-NZ";
  // Roles for people the bot hasn't met, by tenant then user id; everyone else starts as a
  // teacher.
  std::map<std::string, std::map<std::string, core::role>> seed_roles;
};

class pipeline final : public core::event_sink {
 public:
  pipeline(store::store& db, const flows::flow_registry& flows, const core::clock& clock, pipeline_options options);

  void submit(core::event ev, std::function<void(core::outcome)> done) override;

  // Called after a commit that added outbox entries (the delivery worker's notify). Set
  // before the first submit.
  void set_outbox_notify(std::function<void()> notify) { outbox_notify_ = std::move(notify); }

  // Events handled since start, by result (for stats and tests).
  std::uint64_t handled() const { return handled_.load(); }

 private:
  void process(core::event ev, const std::function<void(core::outcome)>& done, std::function<void()> finished);
  core::person resolve_person(const core::event& ev, bool& changed) const;

  store::store& db_;
  const flows::flow_registry& flows_;
  const core::clock& clock_;
  pipeline_options options_;
  keyed_serializer serializer_;
  std::atomic<std::uint64_t> handled_{0};
  std::function<void()> outbox_notify_;
};

// The store key of the session for this event's person and conversation.
std::string session_key(const core::event& ev);

}  // namespace commonsbot::app
