#include "nudges/nudge_content.hpp"

#include "flows/action.hpp"

#include <array>

namespace commonsbot::nudges {
namespace {

constexpr std::array<std::string_view, 7> day_names = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> month_names = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};

std::vector<const collab::content_item*> with_prefix(const collab::content& words, const std::string& prefix) {
  std::vector<const collab::content_item*> out;
  for (const auto& item : words.list("nudge_starters"))
    if (item.id.starts_with(prefix)) out.push_back(&item);
  return out;
}

std::string area_label(const nudge_words& w, const std::string& id) {
  const collab::content_item* item = w.words ? w.words->find("learning_areas", id) : nullptr;
  return item ? w.say(item->name) : id;
}

std::string item_label(const nudge_words& w, const std::string& id) {
  const collab::content_item* item = w.words ? w.words->find("checklist", id) : nullptr;
  return item ? w.say(item->name) : id;
}

std::string bullets(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + ("• " + l);
  return out;
}

core::section starters_section(const nudge_inputs& in, const nudge_words& w) {
  const auto& m = *in.meeting;
  const flows::variables vars{
      {"area", m.plans_for.learning_areas.empty() ? w.say("nudges.your_area") : area_label(w, m.plans_for.learning_areas[0])},
      {"team", m.plans_for.team.empty() ? m.name : m.plans_for.team}};
  std::vector<std::string> lines;
  if (w.words)
    for (const auto& key : starter_keys(*w.words, m, in.occurrence)) lines.push_back(w.say(key, vars));
  return {w.say("nudges.starters_heading"), bullets(lines), {}};
}

core::section plans_section(const nudge_inputs& in, const nudge_words& w) {
  core::section s{w.say("nudges.plans_heading"), "", {}};
  if (in.plans.empty()) {
    s.text = w.say("nudges.no_plans");
    return s;
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < in.plans.size() && i < max_plans; ++i) {
    const auto& p = in.plans[i];
    std::vector<std::string> unticked;
    for (const auto& item : p.checklist)
      if (!item.ticked) unticked.push_back(item.id);
    std::string line = w.say("nudges.plan_line", {{"title", p.title},
                                                  {"id", p.id},
                                                  {"done", std::to_string(p.ticked_count())},
                                                  {"total", std::to_string(p.checklist.size())}});
    if (!unticked.empty()) {
      std::string items;
      for (std::size_t k = 0; k < unticked.size() && k < max_items_per_plan; ++k)
        items += (k ? ", " : "") + item_label(w, unticked[k]);
      if (unticked.size() > max_items_per_plan)
        items += " " + w.say("nudges.and_more", {{"count", std::to_string(unticked.size() - max_items_per_plan)}});
      line += "\n   " + w.say("nudges.still_to_do", {{"items", items}});
    }
    lines.push_back(std::move(line));
  }
  s.text = bullets(lines);
  if (in.plans.size() > max_plans)
    s.text += "\n" + w.say("nudges.more_plans", {{"count", std::to_string(in.plans.size() - max_plans)}});
  return s;
}

void add_resources(core::message& msg, const nudge_inputs& in, const nudge_words& w) {
  if (in.resources.empty()) return;
  core::section s{w.say("nudges.resources_heading", {{"since", std::to_string(in.since.day) + " " +
                                                                  std::string(month_names[(in.since.month + 11) % 12])}}),
                  "", {}};
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < in.resources.size() && i < max_resources; ++i) {
    const auto& r = in.resources[i];
    lines.push_back(r.link.empty() ? r.title : r.title + " " + r.link);
  }
  s.text = bullets(lines);
  if (in.resources.size() > max_resources)
    s.text += "\n" + w.say("nudges.more_resources", {{"count", std::to_string(in.resources.size() - max_resources)}});
  msg.sections.push_back(std::move(s));
}

}  // namespace

std::string meeting_when(const schedule::local_time& t) {
  const int h = t.hour % 12 == 0 ? 12 : t.hour % 12;
  std::string minutes = std::to_string(t.minute);
  if (minutes.size() < 2) minutes = "0" + minutes;
  return std::string(day_names[(schedule::iso_weekday(t.date) + 6) % 7]) + " " + std::to_string(t.date.day) + " " +
         std::string(month_names[(t.date.month + 11) % 12]) + ", " + std::to_string(h) + ":" + minutes +
         (t.hour < 12 ? "am" : "pm");
}

std::vector<std::string> starter_keys(const collab::content& words, const meetings::meeting& m,
                                      const schedule::local_time& occurrence) {
  auto own = with_prefix(words, m.kind + "-");
  if (own.empty()) own = with_prefix(words, "other-");
  const auto any = with_prefix(words, "any-");
  // One step per occurrence: a fortnightly meeting moves on each time it meets, not every
  // other time, so its starters change too.
  const long long period = m.when.every == schedule::recurrence::cadence::fortnightly ? 14 : 7;
  const long long days = schedule::days_from_civil(occurrence.date);
  const auto turn = static_cast<std::size_t>((days >= 0 ? days : -days) / period);
  std::vector<std::string> out;
  for (std::size_t k = 0; k < 2 && k < own.size(); ++k) out.push_back(own[(turn * 2 + k) % own.size()]->name);
  if (!any.empty()) out.push_back(any[turn % any.size()]->name);
  return out;
}

core::message nudge_message(const nudge_inputs& in, const nudge_words& w) {
  const auto& m = *in.meeting;
  core::message msg;
  const flows::variables title{{"meeting", m.name}, {"when", meeting_when(in.occurrence)}, {"zone", m.when.zone}};
  msg.text = w.say(!in.reader_zone.empty() && in.reader_zone != m.when.zone ? "nudges.title_zone" : "nudges.title", title);
  if (!m.location.empty()) msg.text += "\n" + w.say("nudges.where", {{"location", m.location}});
  msg.sections.push_back(starters_section(in, w));
  msg.sections.push_back(plans_section(in, w));
  add_resources(msg, in, w);
  msg.choices = {{flows::record_button(raise_action, in.payload), w.say("nudges.raise"), "raise"},
                 {flows::record_button(snooze_action, in.payload), w.say("nudges.snooze"), "snooze"},
                 {flows::record_button(skip_action, in.payload), w.say("nudges.skip"), "skip"}};
  msg.context = w.say("nudges.footer");
  return msg;
}

}  // namespace commonsbot::nudges
