#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/runtime.hpp"
#include "flows/flow_registry.hpp"

#include <iostream>

namespace commonsbot::app {

int check_config_command(const std::filesystem::path& path) {
  auto loaded = load_config(path);
  flows::problem_list problems = loaded.problems;
  if (loaded.ok()) {
    // The templates are part of the configuration a school edits, so check them too.
    flows::flow_registry flows;
    collab::content content;
    collab::services services;
    flows::action_registry actions;
    catalogue::catalogue resources;
    load_templates(loaded.cfg.templates_dir, loaded.cfg.locale, flows, content, actions, services, problems, &resources);
  }
  const int errors = print_problems(problems, std::cout);
  const auto warnings = problems.size() - static_cast<std::size_t>(errors);
  if (errors > 0) {
    std::cout << path.string() << ": " << errors << " error(s), " << warnings << " warning(s)\n";
    return 1;
  }
  std::cout << path.string() << ": ok" << (warnings ? " (" + std::to_string(warnings) + " warning(s))" : "") << "\n";
  return 0;
}

}  // namespace commonsbot::app
