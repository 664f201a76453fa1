// on.home_opened: the person's own page in the app (Slack's Home tab), drawn each time they
// open it: their open plans with how far the checklist has got, their role and profile, and
// what shapes the reminders and digests they get. The reply is marked as the Home surface,
// so an adapter publishes it as the page rather than posting it in a conversation.
//
// The words come from the message catalogue ("home.*"); each has an en-NZ default here, so
// the page reads properly before a locale's file names them.
#include "collab/actions_by_area.hpp"
#include "collab/plan.hpp"
#include "collab/profile_fields.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::collab::detail {
namespace {

using flows::action_call;
using flows::action_result;

// The Home tab holds 100 blocks; a plan is a line, and this many lines keep the page short.
constexpr std::size_t max_plans_listed = 15;

std::string say_or(const flows::flow_context& ctx, const std::string& key, std::string_view fallback,
                   const flows::variables& v = {}) {
  const auto& m = ctx.flows.messages();
  return m.has(key) ? m.text(ctx.locale, key, v) : flows::interpolate(fallback, v);
}

std::vector<plan> open_plans_for_home(const flows::flow_context& ctx) {
  std::vector<plan> out;
  const std::string me = ctx.person->key();
  for (const auto& [key, value] : ctx.records->scan(plans_collection, core::tenant_prefix(ctx.person->tenant))) {
    plan p;
    try {
      p = value.get<plan>();
    } catch (const nlohmann::json::exception&) {
      continue;  // an unreadable record is the plans area's problem, not a reason to show nothing
    }
    if (p.status != plan_status::reflected && p.has_partner(me)) out.push_back(std::move(p));
  }
  // Most recently worked on first: that is the one they came for.
  std::sort(out.begin(), out.end(), [](const plan& a, const plan& b) {
    return a.updated_ms != b.updated_ms ? a.updated_ms > b.updated_ms : a.id < b.id;
  });
  return out;
}

std::string plan_line(const flows::flow_context& ctx, const plan& p) {
  flows::variables v{{"title", p.title.empty() ? p.id : p.title},
                     {"id", p.id},
                     {"ticked", std::to_string(p.ticked_count())},
                     {"total", std::to_string(p.checklist.size())}};
  std::string line = say_or(ctx, "home.plan_line", "\xE2\x80\xA2 {title} ({id}): {ticked} of {total} steps ticked", v);
  if (p.status == plan_status::completed)
    line += " " + say_or(ctx, "home.plan_completed", "\xE2\x80\x94 finished; /library reflect {id} to close it", v);
  else if (!p.ends.empty())
    line += " " + say_or(ctx, "home.plan_ends", "\xE2\x80\x94 ends {ends}", {{"ends", p.ends}});
  return line;
}

core::section plans_section(const flows::flow_context& ctx) {
  core::section s;
  s.title = say_or(ctx, "home.plans_title", "Your open plans");
  const auto plans = open_plans_for_home(ctx);
  if (plans.empty()) {
    s.text = say_or(ctx, "home.no_plans", "None open. Start one with /library plan and the unit's name.");
    return s;
  }
  for (std::size_t i = 0; i < plans.size() && i < max_plans_listed; ++i)
    s.text += (i ? "\n" : "") + plan_line(ctx, plans[i]);
  if (plans.size() > max_plans_listed)
    s.text += "\n" + say_or(ctx, "home.more_plans", "and {count} more: /library plans lists them all.",
                         {{"count", std::to_string(plans.size() - max_plans_listed)}});
  else
    s.text += "\n" + say_or(ctx, "home.plans_hint", "/library plans shows a plan's checklist to tick.");
  return s;
}

core::section profile_section(const flows::flow_context& ctx, const services& s) {
  const core::person& me = *ctx.person;
  const std::string not_set = say_or(ctx, "home.not_set", "not set");
  auto value = [&](const std::string& v) { return v.empty() ? not_set : v; };
  std::string areas = people::join(me.learning_areas);
  if (s.words)
    areas = people::area_labels(me.learning_areas, people::learning_areas_of(*s.words, ctx.flows.messages(), ctx.locale));
  const std::string role_key = "role.names." + std::string(core::to_string(me.role));
  const std::string role = ctx.flows.messages().has(role_key) ? ctx.flows.messages().text(ctx.locale, role_key)
                                                                : std::string(core::display_name(me.role));
  core::section sec;
  sec.title = say_or(ctx, "home.profile_title", "You");
  sec.fields = {{say_or(ctx, "home.role", "Role"), role},
                {say_or(ctx, "home.areas", "Learning areas"), value(areas)},
                {say_or(ctx, "home.years", "Year levels"), value(people::join(me.year_levels))},
                {say_or(ctx, "home.zone", "Time zone"), value(me.time_zone)}};
  return sec;
}

// What shapes the suggestions this person gets, and the commands that change it.
core::section reminders_section(const flows::flow_context& ctx) {
  core::section s;
  s.title = say_or(ctx, "home.reminders_title", "Suggestions for you");
  s.text = say_or(ctx, "home.reminders",
               "Resource suggestions follow your learning areas and year levels. Keep them up to date "
               "with /library profile, and search any time with /library resources.");
  return s;
}

action_result home(action_call& call, const services& s) {
  const auto& ctx = call.ctx;
  core::message page;
  page.surface = core::home_surface;
  page.text = say_or(ctx, "home.greeting", "Kia ora {name}, here is where your library work stands.",
                  {{"name", ctx.person_name}});
  page.sections.push_back(plans_section(ctx));
  page.sections.push_back(profile_section(ctx, s));
  page.sections.push_back(reminders_section(ctx));
  page.context = say_or(ctx, "home.help", "/library help lists everything you can do, in any channel or here in a DM.");
  action_result r;
  r.replies.push_back(std::move(page));
  return r;
}

}  // namespace

void add_home_actions(flows::action_registry& actions, const services& s) {
  actions.add_lifecycle("on.home_opened", [&s](action_call& call) { return home(call, s); });
}

}  // namespace commonsbot::collab::detail
