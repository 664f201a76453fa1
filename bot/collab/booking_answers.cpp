// Library staff and bookings: bookings.list shows what's coming up (and offers each to
// answer); bookings.answer records "ready" or "need to talk" — from the card's buttons at any
// time, or from the list — and tells the teacher.
#include "collab/booking.hpp"
#include "collab/booking_actions.hpp"
#include "collab/booking_dates.hpp"
#include "collab/booking_words.hpp"
#include "collab/people_records.hpp"
#include "core/keys.hpp"

#include <algorithm>
#include <tuple>

namespace commonsbot::collab {
namespace {

using namespace people;

using flows::action_call;
using flows::action_result;
using namespace booking_words;

constexpr std::size_t max_listed = 20;

std::vector<booking> upcoming(const flows::record_view& records, const std::string& tenant, long long today) {
  const std::string from = iso(civil_from_days(today));
  std::vector<booking> out;
  for (const auto& [key, value] : records.scan(bookings_collection, core::tenant_prefix(tenant))) {
    try {
      auto b = value.get<booking>();
      if (b.date >= from) out.push_back(std::move(b));  // ISO dates sort as text
    } catch (const nlohmann::json::exception&) {
      continue;  // an unreadable record is left for `commonsbot store` tools to show
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const booking& a, const booking& b) {
    return std::tie(a.date, a.time, a.created_ms) < std::tie(b.date, b.time, b.created_ms);
  });
  return out;
}

action_result list_bookings(action_call& call, const time_zones& zones) {
  const auto& ctx = call.ctx;
  const auto& m = ctx.flows.messages();
  const long long today = today_for(*ctx.person, ctx.now_ms, zones);
  auto coming = upcoming(*ctx.records, ctx.person->tenant, today);
  action_result r;
  if (coming.empty()) {
    r.replies.push_back(text_message(say(ctx, "booking.none_upcoming")));
    r.outcome = "none";
    return r;
  }
  core::message shown;
  shown.text = say(ctx, "booking.upcoming", {{"count", std::to_string(coming.size())}});
  nlohmann::json options = nlohmann::json::array();
  for (std::size_t i = 0; i < coming.size() && i < max_listed; ++i) {
    const booking& b = coming[i];
    const std::string when = when_label(m, ctx.locale, b, today);
    shown.sections.push_back({b.id + " · " + when, "", detail_fields(m, ctx.locale, b, true)});
    options.push_back({{"id", b.id}, {"label", b.id + ": " + when + ", " + year_label(m, ctx.locale, b.year_level) + " " + b.class_name}});
  }
  if (coming.size() > max_listed)
    shown.context = say(ctx, "booking.more_upcoming", {{"count", std::to_string(coming.size() - max_listed)}});
  options.push_back({{"id", "done"}, {"label", say(ctx, "booking.pick_done")}});
  call.vars["open_bookings"] = std::move(options);
  r.replies.push_back(std::move(shown));
  return r;
}

action_result answer_booking(action_call& call, const time_zones& zones) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  action_result r;
  // The card's buttons reach here outside any flow, so the role is checked here too.
  if (ctx.role != core::role::library_staff && ctx.role != core::role::admin) {
    r.replies.push_back(text_message(say(ctx, "booking.answer_refused")));
    return r;
  }
  std::string id = var(call, "booking"), reply = var(call, "answer");
  if (!call.payload.empty()) {
    const auto slash = call.payload.find('/');
    id = call.payload.substr(0, slash);
    reply = slash == std::string::npos ? "" : call.payload.substr(slash + 1);
  }
  auto found = find_booking(*ctx.records, me.tenant, id);
  if (!found || (reply != "ready" && reply != "talk")) {
    r.replies.push_back(text_message(say(ctx, "booking.gone", {{"id", id}})));
    return r;
  }
  booking b = std::move(*found);
  const booking_status status = reply == "ready" ? booking_status::ready : booking_status::talk;
  const flows::variables words{{"id", b.id}, {"teacher", b.teacher_name}};
  if (b.status == status && b.answered_by == me.key()) {
    r.replies.push_back(text_message(say(ctx, "booking.already", words)));
    return r;
  }
  b.status = status;
  b.answered_by = me.key();
  b.answered_by_name = ctx.person_name;
  b.answered_ms = ctx.now_ms;
  call.out.writes.put(std::string(bookings_collection), b.key(), b);

  core::person teacher;
  if (auto stored = find_person(*ctx.records, me.tenant, b.teacher)) teacher = std::move(*stored);
  else {  // gone from the people records: reach them by the key's platform and id
    const auto colon = b.teacher.find(':');
    teacher.tenant = me.tenant;
    teacher.platform = b.teacher.substr(0, colon);
    teacher.user_id = colon == std::string::npos ? "" : b.teacher.substr(colon + 1);
  }
  if (!teacher.user_id.empty() && teacher.key() != me.key()) {
    const auto& m = ctx.flows.messages();
    const long long their_today = today_for(teacher, ctx.now_ms, zones);
    core::message note = text_message(m.text(
        teacher.locale, "booking.notice_" + reply,
        {{"teacher", b.teacher_name}, {"by", ctx.person_name}, {"id", b.id},
         {"when", when_label(m, teacher.locale, b, their_today)},
         {"class", year_label(m, teacher.locale, b.year_level) + " " + b.class_name}}));
    call.out.notices.push_back({reach(teacher), std::move(note)});
  }
  r.replies.push_back(text_message(say(ctx, "booking.answered_" + reply, words)));
  return r;
}

}  // namespace

void add_booking_answer_actions(flows::action_registry& actions, const people::time_zones& zones) {
  actions.add("bookings.list", [&zones](action_call& call) { return list_bookings(call, zones); }, {"none"},
              flows::only_for({core::role::library_staff}));
  actions.add_button("bookings.answer", [&zones](action_call& call) { return answer_booking(call, zones); },
                     {core::role::library_staff});
}

}  // namespace commonsbot::collab
