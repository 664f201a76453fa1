// /library survey: library staff send the needs survey to every teacher; a teacher who runs
// the same command while a survey is open answers it. Flow: templates/flows/survey.json
// (question slots q1..q6 filled from templates/content/survey.json).
#include "collab/action_text.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/content.hpp"
#include "collab/record_ids.hpp"
#include "collab/report_dates.hpp"
#include "collab/report_records.hpp"
#include "collab/survey_record.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab::detail {
namespace {

using namespace evidence;
using flows::action_call;
using flows::action_result;

std::optional<survey> open_survey(const flows::record_view& records, std::string_view tenant) {
  std::optional<survey> best;
  for (const auto& [key, j] : records.scan(surveys_collection, core::tenant_prefix(tenant))) {
    survey s = j.get<survey>();
    if (s.open() && !s.id.empty() && (!best || s.sent_ms > best->sent_ms)) best = std::move(s);
  }
  return best;
}

std::vector<survey_response> responses_to(const flows::record_view& records, const survey& s) {
  std::vector<survey_response> out;
  for (const auto& [key, j] : records.scan(survey_answers_collection, core::tenant_key(s.tenant, s.id + "/")))
    out.push_back(j.get<survey_response>());
  return out;
}

std::vector<core::person> teachers_of(const flows::record_view& records, std::string_view tenant) {
  std::vector<core::person> out;
  for (auto& p : people_of(records, tenant))
    if (p.role == core::role::teacher) out.push_back(std::move(p));
  return out;
}

std::vector<survey_question> questions_now(const action_call& call, const services& s) {
  std::vector<survey_question> out;
  if (!s.words) return out;
  for (const auto& item : s.words->list("survey")) {
    if (out.size() == max_survey_questions) break;
    out.push_back({item.id, say(call.ctx, item.name), say(call.ctx, item.about)});
  }
  return out;
}

bool is_staff(const core::person& p) { return p.role == core::role::library_staff || p.role == core::role::admin; }

// Fills what the send confirmation shows; returns the outcome if sending can't happen.
std::string prepare_send(action_call& call, const services& s) {
  const auto questions = questions_now(call, s);
  const auto teachers = teachers_of(*call.ctx.records, call.ctx.person->tenant);
  std::string listed;
  for (std::size_t i = 0; i < questions.size(); ++i) listed += "\n" + std::to_string(i + 1) + ". " + questions[i].text;
  call.vars["questions_text"] = listed;
  call.vars["question_count"] = std::to_string(questions.size());
  call.vars["teacher_count"] = std::to_string(teachers.size());
  if (questions.empty()) return "no_questions";
  return teachers.empty() ? "no_teachers" : "";
}

// Puts the open survey's questions into the flow's slots q1..q6.
void fill_slots(action_call& call, const survey& sv) {
  const std::size_t n = std::min(sv.questions.size(), max_survey_questions);
  call.vars["survey"] = sv.id;
  for (std::size_t i = 0; i < max_survey_questions; ++i) {
    const std::string slot = "q" + std::to_string(i + 1);
    call.vars["has_" + slot] = i < n ? "yes" : "no";
    if (i >= n) continue;
    call.vars[slot] = say(call.ctx, "survey.question", {{"n", std::to_string(i + 1)}, {"count", std::to_string(n)},
                                                        {"question", sv.questions[i].text}});
    call.vars[slot + "_hint"] = sv.questions[i].hint;
  }
}

action_result start(action_call& call, const services& s) {
  const core::person& me = *call.ctx.person;
  const auto& records = *call.ctx.records;
  action_result r;
  const auto current = open_survey(records, me.tenant);
  if (is_staff(me)) {
    if (current) {
      const auto answered = responses_to(records, *current).size();
      call.vars["open_id"] = current->id;
      call.vars["open_date"] = current->date;
      call.vars["answered"] = std::to_string(answered);
      call.vars["sent_to"] = std::to_string(current->sent_to.size());
      call.vars["replace_note"] = say(call.ctx, "survey.replace_note", {{"date", current->date}});
      const std::string blocked = prepare_send(call, s);
      (void)blocked;  // "send a new one" re-checks when it runs
      r.outcome = "manage";
      return r;
    }
    call.vars["replace_note"] = "";
    const std::string blocked = prepare_send(call, s);
    r.outcome = blocked.empty() ? "send" : blocked;
    return r;
  }
  if (!current) {
    r.outcome = "none";
    return r;
  }
  fill_slots(call, *current);
  if (auto before = records.get(survey_answers_collection, core::tenant_key(me.tenant, current->id + "/" + me.key()))) {
    const auto prev = before->get<survey_response>();
    r.replies.push_back(text_message(say(call.ctx, "survey.answer_again", {{"date", nz_date(prev.at_ms)}})));
  }
  r.outcome = "answer";
  return r;
}

action_result send(action_call& call, const services& s) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  action_result r;
  const auto questions = questions_now(call, s);
  const auto teachers = teachers_of(*ctx.records, me.tenant);
  if (questions.empty() || teachers.empty()) {
    r.outcome = "no_teachers";
    return r;
  }
  if (auto old = open_survey(*ctx.records, me.tenant)) {
    old->status = "closed";
    old->closed_ms = ctx.now_ms;
    call.out.writes.put(std::string(surveys_collection), old->key(), *old);
  }
  survey sv;
  sv.tenant = me.tenant;
  sv.id = take_id(*ctx.records, me.tenant, surveys_collection, "s", call.out.writes);
  sv.sent_by = me.key();
  sv.sent_ms = ctx.now_ms;
  sv.date = nz_date(ctx.now_ms);
  sv.questions = questions;
  const std::string sender = my_name(ctx);
  std::vector<std::string> names;
  for (const auto& t : teachers) {
    sv.sent_to.push_back(t.key());
    names.push_back(t.display_name.empty() ? t.user_id : t.display_name);
    core::message m;
    m.text = say(ctx, "survey.invite", {{"name", names.back()}, {"sender", sender},
                                        {"count", std::to_string(questions.size())}});
    m.context = say(ctx, "survey.invite_how");
    call.out.notices.push_back({direct_ref(*ctx.records, me.tenant, t.key()), std::move(m)});
  }
  call.out.writes.put(std::string(surveys_collection), sv.key(), sv);
  r.replies.push_back(text_message(say(ctx, "survey.sent", {{"count", std::to_string(teachers.size())},
                                                           {"names", join_names(ctx, names)}, {"id", sv.id}})));
  return r;
}

action_result results(action_call& call) {
  const auto& ctx = call.ctx;
  action_result r;
  const auto sv = open_survey(*ctx.records, ctx.person->tenant);
  if (!sv) {
    r.replies.push_back(text_message(say(ctx, "survey.none_open_staff")));
    return r;
  }
  const auto answers = responses_to(*ctx.records, *sv);
  core::message m;
  m.text = say(ctx, "survey.results_head", {{"date", sv->date}, {"answered", std::to_string(answers.size())},
                                            {"sent_to", std::to_string(sv->sent_to.size())}});
  for (const auto& q : sv->questions) {
    core::section sec;
    sec.title = q.text;
    std::size_t given = 0;
    for (const auto& resp : answers)
      for (const auto& a : resp.answers)
        if (a.question == q.id && !a.answer.empty()) {
          ++given;
          sec.fields.push_back({resp.name.empty() ? resp.person : resp.name, a.answer});
        }
    if (given == 0) sec.text = say(ctx, "survey.no_answers_yet");
    m.sections.push_back(std::move(sec));
  }
  m.context = say(ctx, "survey.results_footer");
  r.replies.push_back(std::move(m));
  return r;
}

action_result close_survey(action_call& call) {
  const auto& ctx = call.ctx;
  action_result r;
  auto sv = open_survey(*ctx.records, ctx.person->tenant);
  if (!sv) {
    r.replies.push_back(text_message(say(ctx, "survey.none_open_staff")));
    return r;
  }
  sv->status = "closed";
  sv->closed_ms = ctx.now_ms;
  call.out.writes.put(std::string(surveys_collection), sv->key(), *sv);
  r.replies.push_back(text_message(say(ctx, "survey.closed", {{"date", sv->date}})));
  return r;
}

action_result review_survey(action_call& call) {
  std::string summary;
  for (std::size_t i = 1; i <= max_survey_questions; ++i) {
    const std::string slot = "q" + std::to_string(i);
    if (var(call, "has_" + slot) != "yes") break;
    const std::string a = var(call, "a" + std::to_string(i));
    summary += "\n" + std::to_string(i) + ". " + (a.empty() ? say(call.ctx, "survey.skipped") : a);
  }
  call.vars["summary"] = summary;
  return {};
}

action_result answer_survey(action_call& call) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  action_result r;
  auto j = ctx.records->get(surveys_collection, core::tenant_key(me.tenant, var(call, "survey")));
  if (!j) {
    r.replies.push_back(text_message(say(ctx, "survey.gone")));
    r.outcome = "gone";
    return r;
  }
  const survey sv = j->get<survey>();
  survey_response resp;
  resp.survey = sv.id.empty() ? var(call, "survey") : sv.id;
  resp.tenant = me.tenant;
  resp.person = me.key();
  resp.name = my_name(ctx);
  for (std::size_t i = 0; i < sv.questions.size() && i < max_survey_questions; ++i)
    resp.answers.push_back({sv.questions[i].id, var(call, "a" + std::to_string(i + 1))});
  resp.at_ms = ctx.now_ms;
  call.out.writes.put(std::string(survey_answers_collection), resp.key(), resp);
  r.replies.push_back(text_message(say(ctx, "survey.thanks")));
  return r;
}

}  // namespace

void add_survey_actions(flows::action_registry& actions, const services& s) {
  actions.add("survey.start", [&s](action_call& call) { return start(call, s); },
              {"send", "manage", "answer", "none", "no_teachers", "no_questions"});
  actions.add("survey.send", [&s](action_call& call) { return send(call, s); }, {"no_teachers"},
              flows::only_for({core::role::library_staff}));
  actions.add("survey.results", results, {}, flows::only_for({core::role::library_staff}));
  actions.add("survey.close", close_survey, {}, flows::only_for({core::role::library_staff}));
  actions.add("survey.review", review_survey);
  actions.add("survey.answer", answer_survey, {"gone"});
}

}  // namespace commonsbot::collab::detail
