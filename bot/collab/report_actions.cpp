// /library report [term | from to]: the evidence report in chat, for library staff and
// leaders. Flow: templates/flows/report.json. The same report comes out of
// `commonsbot report` as JSON or CSV.
#include "collab/actions_by_area.hpp"
#include "collab/report.hpp"
#include "collab/report_records.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab::detail {
namespace {

using namespace evidence;
using flows::action_call;
using flows::action_result;

// Reads the period from the command's words, or from the answer to "which period?" after a
// first try that made no sense.
action_result choose_period(action_call& call) {
  action_result r;
  std::string typed;
  if (auto it = call.vars.find("period_text"); it != call.vars.end() && it->is_string()) typed = it->get<std::string>();
  else
    for (const auto& a : call.args) typed += (typed.empty() ? "" : " ") + a;
  std::string why;
  const auto p = parse_period(typed, nz_date(call.ctx.now_ms), why);
  if (!p) {
    r.replies.push_back(text_message(say(call.ctx, why, {{"typed", typed}}) + " " + say(call.ctx, "report.ask_hint")));
    r.outcome = "bad";
    return r;
  }
  call.vars["from"] = p->from;
  call.vars["to"] = p->to;
  call.vars["term"] = p->term;
  call.vars["year"] = p->year;
  return r;
}

action_result show_report(action_call& call, const services& s) {
  const auto& ctx = call.ctx;
  period p;
  p.from = call.vars.value("from", "");
  p.to = call.vars.value("to", "");
  p.term = call.vars.value("term", 0);
  p.year = call.vars.value("year", 0);
  const report rep = build_report(gather_report(*ctx.records, ctx.person->tenant, p), s.words, ctx.flows.messages(), ctx.locale);
  action_result r;
  r.replies.push_back(to_message(rep, ctx.flows.messages(), ctx.locale));
  return r;
}

}  // namespace

void add_report_actions(flows::action_registry& actions, const services& s) {
  actions.add("report.period", choose_period, {"bad"},
              flows::only_for({core::role::library_staff, core::role::leader}));
  actions.add("report.show", [&s](action_call& call) { return show_report(call, s); }, {},
              flows::only_for({core::role::library_staff, core::role::leader}));
}

}  // namespace commonsbot::collab::detail
