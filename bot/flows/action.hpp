// Actions: the flow steps that touch the bot's shared records (plans, bookings, the catalogue,
// people's profiles).
//
// An action stays pure in the engine's sense: it reads committed records through a
// record_view and returns what it wants written as `effects`. The pipeline commits those
// writes, the outbox entries for every notice and the session in the event's one
// transaction, so a crash never leaves half an action behind.
#pragma once

#include "core/conversation_ref.hpp"
#include "core/message.hpp"
#include "core/role.hpp"
#include "store/transaction.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::flows {

struct session;
struct step_def;
struct flow_context;

// Read-only access to committed records. The pipeline's view also remembers what was read,
// so it can detect a concurrent change and run the event again.
class record_view {
 public:
  virtual ~record_view() = default;
  virtual std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const = 0;
  virtual std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                                   std::string_view prefix) const = 0;
};

// A message for someone other than the person acting (a partner, the library team). It goes
// out through the outbox.
struct notice {
  core::conversation_ref to;
  core::message message;
};

struct effects {
  store::transaction writes;
  std::vector<notice> notices;
  // Run once the writes are durable, e.g. to refresh an in-memory index. Never on failure.
  std::vector<std::function<void()>> after_commit;

  bool empty() const { return writes.empty() && notices.empty() && after_commit.empty(); }
  void append(effects other);
};

// One call of an action.
struct action_call {
  std::string payload;                   // from a record button ("do:<action>|<payload>"), else empty
  const std::vector<std::string>& args;  // the command's words after the command (may be empty)
  nlohmann::json& vars;                  // the session's variables: read them, write results
  const flow_context& ctx;
  effects& out;
};

struct action_result {
  std::vector<core::message> replies;
  // Empty: carry on with the step's `next`. Otherwise the step's outcomes[outcome] is next
  // ("none", "not_found", "refused" ...); a flow must name every outcome it can get.
  std::string outcome;
};

using action_fn = std::function<action_result(action_call&)>;

// How an action may be reached, declared when it is registered, so nothing can reach an action
// a way its author did not mean: a button a person could forge never runs a lifecycle action
// or a flow's middle step, and a lifecycle action only ever runs for an event an adapter
// verified and produced (never from a button or a typed message).
enum class reach {
  flow_step,  // an `act` step of a flow (the flow's roles were checked when it started)
  button,     // a record button, "do:<action>|<payload>", pressed at any time
  lifecycle,  // "on.<what>": installed, uninstalled, conversation added ... from an adapter
};

struct action_access {
  bool flow_step = true;
  bool button = false;
  bool lifecycle = false;
  // Who may run it, checked each time it runs (a person's role may change between steps);
  // empty: everyone. An admin may run anything.
  std::vector<core::role> roles;

  bool reachable(reach how) const;
  bool allows(core::role r) const;
};

// A flow step only people with one of `roles` (or an admin) may run.
inline action_access only_for(std::vector<core::role> roles) {
  action_access a;
  a.roles = std::move(roles);
  return a;
}

class action_registry {
 public:
  // Adds (or replaces) `name`, e.g. "plans.create", with the outcomes it may return. By
  // default it is a flow step anyone's flow may run.
  void add(std::string name, action_fn fn, std::vector<std::string> outcomes = {}, action_access access = {});
  // A record button's action (also usable as a flow step), for the roles given.
  void add_button(std::string name, action_fn fn, std::vector<core::role> roles = {},
                  std::vector<std::string> outcomes = {});
  // A lifecycle action, "on.<what>", reachable only from a lifecycle event. Throws
  // std::invalid_argument for a name without "on.": a programming mistake.
  void add_lifecycle(std::string name, action_fn fn);

  const action_fn* find(std::string_view name) const;
  // The action when it may be reached `how` by someone with role `r`, else null.
  const action_fn* find(std::string_view name, reach how, core::role r) const;
  const action_access* access(std::string_view name) const;
  // The outcomes `name` may return besides the default; empty if unknown.
  const std::vector<std::string>* outcomes(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }

 private:
  struct entry {
    action_fn fn;
    std::vector<std::string> outcomes;
    action_access access;
  };
  std::map<std::string, entry, std::less<>> actions_;
};

// A button that acts on a record at any time, outside any conversation:
// "do:<action>|<payload>". Returns {action, payload}, or nullopt if `action_id` is not one.
// The action's first reply replaces the message the button was on (the pipeline marks it
// replace_original), so it should be the record redrawn, e.g. the ticked checklist.
std::optional<std::pair<std::string, std::string>> parse_record_button(std::string_view action_id);
std::string record_button(std::string_view action, std::string_view payload);

}  // namespace commonsbot::flows
