#include "flows/flow_registry.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace commonsbot::flows {

flow_registry flow_registry::load(const std::filesystem::path& templates_dir, const std::string& default_locale,
                                  problem_list& problems) {
  namespace fs = std::filesystem;
  flow_registry reg;
  reg.messages_ = message_catalog(default_locale);
  reg.messages_.load(templates_dir / "messages", problems);

  const fs::path flows_dir = templates_dir / "flows";
  std::error_code ec;
  if (!fs::is_directory(flows_dir, ec)) {
    problems.push_back({problem::severity::error, flows_dir.string(), "", "flows folder not found"});
    return reg;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(flows_dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  for (const auto& path : files) {
    const std::string file = path.string();
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    auto j = nlohmann::json::parse(buf.str(), nullptr, false, /*ignore_comments=*/true);
    if (j.is_discarded()) {
      problems.push_back({problem::severity::error, file, "", "not valid JSON (check for a missing comma or quote)"});
      continue;
    }
    auto flow = parse_flow(j, file, reg.messages_, problems);
    if (!flow) continue;
    flow->source = file;
    if (flow->id != path.stem().string())
      problems.push_back({problem::severity::warning, file, "/id", "differs from the file name \"" + path.stem().string() + "\""});
    if (const flow_def* other = reg.by_command(flow->command)) {
      problems.push_back({problem::severity::error, file, "/command",
                          "\"" + flow->command + "\" is already the command of flow \"" + other->id + "\""});
      continue;
    }
    if (reg.by_id(flow->id)) {
      problems.push_back({problem::severity::error, file, "/id", "another flow already has the id \"" + flow->id + "\""});
      continue;
    }
    reg.add(std::move(*flow));
  }
  return reg;
}

void flow_registry::check_actions(const action_registry& actions, problem_list& problems) const {
  for (const auto& [id, flow] : flows_) flows::check_actions(flow, actions, flow.source.empty() ? id : flow.source, problems);
}

void flow_registry::add(flow_def flow) {
  if (auto old = flows_.find(flow.id); old != flows_.end()) commands_.erase(old->second.command);
  commands_[flow.command] = flow.id;
  flows_[flow.id] = std::move(flow);
  reorder();
}

void flow_registry::reorder() {
  ordered_.clear();
  for (const auto& [id, flow] : flows_) ordered_.push_back(&flow);
  // help first, then alphabetical by command: the order people read them in help.
  std::sort(ordered_.begin(), ordered_.end(), [](const flow_def* a, const flow_def* b) {
    if ((a->command == "help") != (b->command == "help")) return a->command == "help";
    return a->command < b->command;
  });
}

const flow_def* flow_registry::by_id(const std::string& id) const {
  auto it = flows_.find(id);
  return it == flows_.end() ? nullptr : &it->second;
}

const flow_def* flow_registry::by_command(const std::string& command) const {
  auto it = commands_.find(command);
  return it == commands_.end() ? nullptr : by_id(it->second);
}

}  // namespace commonsbot::flows
