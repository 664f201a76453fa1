// The flow engine reading people's answers, over the real flows and messages in templates/:
// typed text and button presses at every step (choices by number or label, checklists, dates,
// confirmations, "back", "cancel", "help") and the actions behind them (tests/fuzz/README.md).
//
// Input: one byte choosing the flow (among every flow, in help order), one choosing the role,
// then lines: the first holds the command's arguments, each next one an answer. A line that
// starts with '\x01' is a button press, "<action id>\t<value>".
#include "fuzz_input.hpp"

#include "app/runtime.hpp"
#include "flows/engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace flows = commonsbot::flows;
namespace core = commonsbot::core;
namespace app = commonsbot::app;

namespace {

// Nothing committed yet: the actions see an empty store.
class no_records final : public flows::record_view {
 public:
  std::optional<nlohmann::json> get(std::string_view, std::string_view) const override { return std::nullopt; }
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view, std::string_view) const override {
    return {};
  }
};

struct loaded_templates {
  flows::flow_registry flows;
  commonsbot::collab::content content;
  commonsbot::collab::services services;
  flows::action_registry actions;
};

const loaded_templates& templates() {
  static const loaded_templates* t = [] {
    auto* l = new loaded_templates;
    flows::problem_list problems;
    app::load_templates(COMMONSBOT_SOURCE_DIR "/templates", "en-NZ", l->flows, l->content, l->actions, l->services,
                        problems);
    if (l->flows.in_help_order().empty()) {
      std::cerr << "flow_answers_fuzz: no flows loaded from templates/\n";
      std::abort();
    }
    return l;
  }();
  return *t;
}

std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::istringstream in{std::string(line)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& t = templates();
  fuzz::input in(data, size);
  const auto& all = t.flows.in_help_order();
  const flows::flow_def& flow = *all[in.byte() % all.size()];
  static const core::role roles[] = {core::role::teacher, core::role::library_staff, core::role::leader,
                                     core::role::admin};
  const core::role role = roles[in.byte() % std::size(roles)];

  core::person me;
  me.tenant = "T1";
  me.platform = "console";
  me.user_id = "U1";
  me.display_name = "Aroha";
  me.role = role;
  static const no_records records;
  long long now = 1'800'000'000'000LL;
  flows::flow_context ctx{t.flows, role, "", me.display_name, now, 60LL * 60 * 1000, &me, &records, &t.actions};

  // The pipeline checks the role before it starts a flow; so does this.
  if (!flow.roles.empty() && std::find(flow.roles.begin(), flow.roles.end(), role) == flow.roles.end()) {
    flows::refusal(flow, ctx);
    return 0;
  }
  const auto input_lines = fuzz::lines(in.rest());
  auto result = flows::start_flow(flow, words(input_lines.front()), ctx);
  for (std::size_t i = 1; i < input_lines.size() && result.state; ++i) {
    const std::string_view line = input_lines[i];
    flows::flow_input answer;
    if (line.starts_with('\x01')) {
      const auto tab = line.find('\t');
      answer.action_id = std::string(line.substr(1, tab == std::string_view::npos ? std::string_view::npos : tab - 1));
      if (tab != std::string_view::npos) answer.action_value = std::string(line.substr(tab + 1));
    } else {
      answer.text = std::string(line);
    }
    ctx.now_ms = now += 1000;
    const auto session = *result.state;
    result = flows::resume_flow(session, answer, ctx);
    // Every answer is acknowledged: a flow never goes quiet on someone.
    if (result.replies.empty() && !result.ended) std::abort();
  }
  return 0;
}
