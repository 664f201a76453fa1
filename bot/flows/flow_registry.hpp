// Every flow the bot knows, loaded from templates/, found by id or by command word.
#pragma once

#include "flows/flow_definition.hpp"
#include "flows/message_catalog.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::flows {

class action_registry;

class flow_registry {
 public:
  // Loads templates_dir/messages/<locale>/*.json, then templates_dir/flows/*.json. Every
  // problem goes to `problems`; flows with errors are left out.
  static flow_registry load(const std::filesystem::path& templates_dir, const std::string& default_locale,
                            problem_list& problems);

  // Checks every flow's `act` steps against `actions` (problems name file and path).
  void check_actions(const action_registry& actions, problem_list& problems) const;

  // Adds a parsed flow (tests build registries by hand). Replaces one with the same id.
  void add(flow_def flow);

  const flow_def* by_id(const std::string& id) const;
  const flow_def* by_command(const std::string& command) const;
  const std::vector<const flow_def*>& in_help_order() const { return ordered_; }

  message_catalog& messages() { return messages_; }
  const message_catalog& messages() const { return messages_; }

 private:
  void reorder();
  message_catalog messages_;
  std::map<std::string, flow_def> flows_;  // id -> flow
  std::map<std::string, std::string> commands_;  // command -> id
  std::vector<const flow_def*> ordered_;
};

}  // namespace commonsbot::flows
