// /library book (teachers): when, which class, why, the lesson plan and resource needs.
// The check actions read each answer ("bad" re-asks with a hint); bookings.create writes the
// booking and sends its card to every library staff member of the school.
#include "collab/actions_by_area.hpp"
#include "collab/booking.hpp"
#include "collab/booking_actions.hpp"
#include "collab/booking_dates.hpp"
#include "collab/booking_words.hpp"
#include "collab/people_records.hpp"
#include "collab/profile_fields.hpp"
#include "collab/record_ids.hpp"

namespace commonsbot::collab {
namespace {

using namespace people;

using flows::action_call;
using flows::action_result;
using namespace booking_words;

action_result check_date(action_call& call, const time_zones& zones) {
  const auto& ctx = call.ctx;
  const std::string typed = var(call, "date_in");
  const long long today = today_for(*ctx.person, ctx.now_ms, zones);
  auto got = parse_visit_date(typed, today);
  if (!got.date) return bad_answer(ctx, "booking.date." + got.problem, "booking.hint_date", {{"answer", typed}});
  call.vars["date"] = iso(*got.date);
  call.vars["date_label"] = date_label(ctx.flows.messages(), ctx.locale, iso(*got.date), today);
  return {};
}

action_result check_time(action_call& call) {
  const std::string typed = var(call, "time_in");
  auto time = parse_visit_time(typed);
  if (!time) return bad_answer(call.ctx, "booking.bad_time", "booking.hint_time", {{"answer", typed}});
  call.vars["time"] = *time;
  return {};
}

action_result check_year(action_call& call) {
  const std::string typed = var(call, "year_in");
  auto level = parse_year_level(typed);
  if (!level) return bad_answer(call.ctx, "booking.bad_year", "booking.hint_year", {{"answer", typed}});
  call.vars["year_level"] = *level;
  call.vars["year_label"] = year_label(call.ctx.flows.messages(), call.ctx.locale, *level);
  return {};
}

// Words for the confirm step: optional answers that were skipped read "none given".
action_result summary(action_call& call) {
  for (const char* name : {"lesson_plan", "needs"}) {
    const std::string v = var(call, name);
    call.vars[std::string(name) + "_shown"] = v.empty() ? say(call.ctx, "booking.none_given") : v;
  }
  return {};
}

action_result create(action_call& call, const time_zones& zones) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  booking b;
  b.tenant = me.tenant;
  b.id = take_id(*ctx.records, me.tenant, bookings_collection, "b", call.out.writes);
  b.teacher = me.key();
  b.teacher_name = ctx.person_name;
  b.date = var(call, "date");
  b.time = var(call, "time");
  b.year_level = var(call, "year_level");
  b.class_name = var(call, "class_name");
  b.purpose = var(call, "purpose");
  b.lesson_plan = var(call, "lesson_plan");
  b.needs = var(call, "needs");
  b.created_ms = ctx.now_ms;
  call.out.writes.put(std::string(bookings_collection), b.key(), b);

  std::size_t told = 0;
  for (const auto& p : people_of(*ctx.records, me.tenant)) {
    if (p.role != core::role::library_staff || p.key() == me.key()) continue;
    const long long their_today = today_for(p, ctx.now_ms, zones);
    call.out.notices.push_back({reach(p), staff_card(ctx.flows.messages(), p.locale, b, their_today)});
    ++told;
  }
  action_result r;
  r.replies.push_back(text_message(say(ctx, told ? "booking.sent" : "booking.sent_nobody",
                                       {{"id", b.id}, {"count", std::to_string(told)}})));
  return r;
}

}  // namespace

void add_booking_intake_actions(flows::action_registry& actions, const people::time_zones& zones) {
  actions.add("bookings.check_date", [&zones](action_call& call) { return check_date(call, zones); }, {"bad"},
              flows::only_for({core::role::teacher}));
  actions.add("bookings.check_time", check_time, {"bad"}, flows::only_for({core::role::teacher}));
  actions.add("bookings.check_year", check_year, {"bad"}, flows::only_for({core::role::teacher}));
  actions.add("bookings.summary", summary, {}, flows::only_for({core::role::teacher}));
  actions.add("bookings.create", [&zones](action_call& call) { return create(call, zones); }, {},
              flows::only_for({core::role::teacher}));
}

void add_booking_actions(flows::action_registry& actions, const services&, const people::time_zones& zones) {
  add_booking_intake_actions(actions, zones);
  add_booking_answer_actions(actions, zones);
}

namespace detail {

void add_booking_actions(flows::action_registry& actions, const services& s) {
  collab::add_booking_actions(actions, s, people::time_zones::system());
}

}  // namespace detail
}  // namespace commonsbot::collab
