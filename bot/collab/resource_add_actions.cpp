// /library resource add: library staff (and admins) add a book, site, video or kit to their
// school's catalogue: title, link, description, learning areas, year levels, format and
// keywords, then confirm. Adding a link the catalogue already has updates that entry. The
// record is written with the event (stage_upsert) and reaches the in-memory search index once
// it is durable (after_commit), so the next search finds it. Flow: templates/flows/resource.json.
#include "catalogue/catalogue.hpp"
#include "collab/report_dates.hpp"
#include "collab/resource_actions.hpp"
#include "collab/resource_render.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::collab::resources {
namespace {

using flows::action_call;
using flows::action_result;

bool may_add(core::role r) { return r == core::role::library_staff || r == core::role::admin; }

std::vector<std::string> string_list(const nlohmann::json& vars, const char* name) {
  std::vector<std::string> out;
  if (auto it = vars.find(name); it != vars.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<int> int_list(const nlohmann::json& vars, const char* name) {
  std::vector<int> out;
  if (auto it = vars.find(name); it != vars.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_number_integer()) out.push_back(v.get<int>());
  return out;
}

std::vector<std::string> keywords_of(std::string_view text) {
  std::vector<std::string> out;
  std::string piece;
  for (char c : std::string(text) + ",") {
    if (c == ',' || c == ';' || c == '\n') {
      if (auto k = core::trim(piece); !k.empty()) out.push_back(std::move(k));
      piece.clear();
    } else {
      piece += c;
    }
  }
  return out;
}

// The school's own entry for `id`, if it has one (read through the records, so a change by
// someone else meanwhile re-runs the event).
std::optional<catalogue::resource> own_entry(const action_call& call, const std::string& id) {
  auto j = call.ctx.records->get(catalogue::resources_collection, catalogue::store_key(call.ctx.person->tenant, id));
  if (!j) return std::nullopt;
  try {
    return j->get<catalogue::resource>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // unreadable: the new entry replaces it
  }
}

// The resource the answers so far describe, normalised.
catalogue::resource from_answers(const action_call& call) {
  catalogue::resource r;
  r.title = var(call.vars, "title");
  r.link = var(call.vars, "link");
  r.description = var(call.vars, "description");
  r.learning_areas = string_list(call.vars, "areas");
  r.year_levels = int_list(call.vars, "years");
  r.format = var(call.vars, "format");
  r.keywords = keywords_of(var(call.vars, "keywords_text"));
  catalogue::normalise(r);
  return r;
}

action_result begin(action_call& call) {
  action_result r;
  if (!call.args.empty() && core::to_lower_ascii(call.args.front()) != "add") {
    r.replies.push_back(text_message(say(call.ctx, "resources.add.unknown", {{"word", call.args.front()}})));
    r.outcome = "unknown";
    return r;
  }
  nlohmann::json formats = nlohmann::json::array();
  for (const auto& f : catalogue::known_formats()) formats.push_back({{"id", f}, {"label", format_label(call.ctx, f)}});
  call.vars["formats"] = std::move(formats);
  std::string known;
  for (const auto& a : catalogue::known_areas()) known += (known.empty() ? "" : ", ") + a;
  call.vars["known_areas"] = known;
  return r;
}

action_result check_link(action_call& call, const services& s) {
  action_result r;
  const std::string typed = core::trim(var(call.vars, "link"));
  catalogue::resource probe;
  probe.title = "-";
  probe.link = typed;
  catalogue::normalise(probe);
  catalogue::problem_list problems;
  catalogue::validate(probe, problems);
  const bool bad_link = std::any_of(problems.begin(), problems.end(), [](const catalogue::problem& p) { return p.field == "link"; });
  if (bad_link) {
    std::string key = "resources.add.bad_link";
    if (typed.find("://") == std::string::npos && typed.find('.') != std::string::npos && typed.find(' ') == std::string::npos)
      key = "resources.add.no_scheme";  // "www.example.org": the likeliest slip
    r.replies.push_back(text_message(say(call.ctx, key, {{"link", typed}}) + " " + say(call.ctx, "resources.add.link_hint")));
    r.outcome = "bad";
    return r;
  }
  call.vars["link"] = probe.link;
  call.vars["existing"] = "";
  if (auto mine = own_entry(call, probe.id)) {
    call.vars["existing"] = "own";
    r.replies.push_back(text_message(say(call.ctx, "resources.add.existing", {{"title", mine->title}})));
  } else if (auto shared = s.resources ? s.resources->find(call.ctx.person->tenant, probe.id) : nullptr) {
    call.vars["existing"] = "shared";
    r.replies.push_back(text_message(say(call.ctx, "resources.add.existing_sample", {{"title", shared->title}})));
  }
  return r;
}

action_result check_areas(action_call& call) {
  action_result r;
  const std::string typed = var(call.vars, "areas_text");
  std::string bad;
  const auto areas = parse_areas(typed, bad);
  if (!bad.empty()) {
    r.replies.push_back(text_message(say(call.ctx, "resources.add.bad_area", {{"area", bad}}) + " " +
                                     say(call.ctx, "resources.add.areas_hint", {{"known_areas", var(call.vars, "known_areas")}})));
    r.outcome = "bad";
    return r;
  }
  call.vars["areas"] = areas;
  return r;
}

action_result check_years(action_call& call) {
  action_result r;
  const std::string typed = core::trim(var(call.vars, "years_text"));
  std::vector<int> years;
  if (!typed.empty() && !parse_years_answer(typed, years)) {
    r.replies.push_back(text_message(say(call.ctx, "resources.add.bad_years", {{"years", typed}}) + " " +
                                     say(call.ctx, "resources.add.years_hint")));
    r.outcome = "bad";
    return r;
  }
  call.vars["years"] = years;
  return r;
}

action_result review_resource(action_call& call) {
  const auto& ctx = call.ctx;
  const auto res = from_answers(call);
  const std::string none = say(ctx, "resources.add.none");
  auto line = [&](const char* key, const std::string& value) {
    return say(ctx, key, {{"value", value.empty() ? none : value}}) + "\n";
  };
  std::string areas, keywords;
  for (const auto& a : res.learning_areas) areas += (areas.empty() ? "" : ", ") + a;
  for (const auto& k : res.keywords) keywords += (keywords.empty() ? "" : ", ") + k;
  std::string summary = line("resources.add.line_title", res.title) + line("resources.add.line_link", res.link) +
                        line("resources.add.line_description", one_line(res.description)) +
                        line("resources.add.line_areas", areas) + line("resources.add.line_years", years_text(res.year_levels)) +
                        line("resources.add.line_format", format_label(ctx, res.format)) +
                        line("resources.add.line_keywords", keywords);
  if (var(call.vars, "existing") == "own") summary += say(ctx, "resources.add.line_updates") + "\n";
  if (!summary.empty()) summary.pop_back();
  call.vars["summary"] = summary;
  return {};
}

action_result add(action_call& call, const services& s) {
  action_result r;
  const auto& ctx = call.ctx;
  if (!may_add(ctx.person->role)) {
    r.replies.push_back(text_message(say(ctx, "resources.add.refused")));
    r.outcome = "refused";
    return r;
  }
  auto res = from_answers(call);
  const std::string& tenant = ctx.person->tenant;
  const auto mine = own_entry(call, res.id);
  // An update keeps the day the resource first joined the catalogue.
  res.added = mine && !mine->added.empty() ? mine->added : nz_date(ctx.now_ms);
  catalogue::problem_list problems;
  if (!catalogue::validate(res, problems)) {
    std::string what;
    for (const auto& p : problems) what += (what.empty() ? "" : "; ") + p.to_string();
    r.replies.push_back(text_message(say(ctx, "resources.add.invalid", {{"problems", what}})));
    r.outcome = "invalid";
    return r;
  }
  const bool replaces_shared = !mine && s.resources && s.resources->find(tenant, res.id);
  catalogue::stage_upsert(call.out.writes, tenant, res);
  if (s.resources)  // searches see it as soon as it is saved
    call.out.after_commit.push_back([cat = s.resources, tenant, res] { cat->upsert(tenant, res); });
  const std::string key = mine ? "resources.add.updated" : replaces_shared ? "resources.add.replaced_sample" : "resources.add.added";
  const std::string search = res.keywords.empty() ? res.title : res.keywords.front();
  r.replies.push_back(text_message(say(ctx, key, {{"title", res.title}, {"search", search}})));
  return r;
}

}  // namespace

void add_resource_add_actions(flows::action_registry& actions, const services& s) {
  actions.add("resources.add_begin", begin, {"unknown"}, flows::only_for({core::role::library_staff}));
  actions.add("resources.add_link", [&s](action_call& call) { return check_link(call, s); }, {"bad"},
              flows::only_for({core::role::library_staff}));
  actions.add("resources.add_areas", check_areas, {"bad"}, flows::only_for({core::role::library_staff}));
  actions.add("resources.add_years", check_years, {"bad"}, flows::only_for({core::role::library_staff}));
  actions.add("resources.add_review", review_resource, {}, flows::only_for({core::role::library_staff}));
  actions.add("resources.add", [&s](action_call& call) { return add(call, s); }, {"refused", "invalid"},
              flows::only_for({core::role::library_staff}));
}

}  // namespace commonsbot::collab::resources
