// /library resources <words> [year N] [area A]: ranked suggestions from the catalogue, five
// at a time. resources.search reads the words and filters and shows the first page;
// resources.more the next. The query and the next offset live in the session's variables, so
// "more" works after a restart too. Flow: templates/flows/resources.json.
#include "catalogue/catalogue.hpp"
#include "catalogue/tokenize.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/resource_actions.hpp"
#include "collab/resource_render.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::collab::resources {
namespace {

using flows::action_call;
using flows::action_result;

// The command's own words keep a "quoted phrase" whole; a typed answer is split here.
std::vector<std::string> words_of(const action_call& call) {
  if (!call.args.empty()) return call.args;
  return split_query(var(call.vars, "wanted"));
}

catalogue::query to_query(const resource_query& q, std::size_t offset, std::size_t limit) {
  catalogue::query out;
  out.text = q.words;
  out.years = q.years;
  out.areas = q.areas;
  out.offset = offset;
  out.limit = limit;
  return out;
}

bool has_words(const resource_query& q) { return !catalogue::tokenize(q.words).empty(); }

// Nothing matched: say so, and how to loosen the search.
core::message no_match(const action_call& call, const services& s, const resource_query& q) {
  const auto& ctx = call.ctx;
  const flows::variables v{{"words", q.words}, {"filters", filters_text(ctx, q)}};
  std::string text = say(ctx, has_words(q) ? "resources.none_words" : "resources.none_listing", v);
  if (has_words(q) && q.has_filters()) {
    resource_query loose;
    loose.words = q.words;
    const auto wider = s.resources->search(ctx.person->tenant, to_query(loose, 0, 1));
    text += " " + (wider.total > 0 ? say(ctx, "resources.loosen_count", {{"count", std::to_string(wider.total)},
                                                                          {"words", q.words}})
                                    : say(ctx, "resources.reword"));
  } else {
    text += " " + say(ctx, q.has_filters() ? "resources.loosen" : "resources.reword");
  }
  core::message m = text_message(std::move(text));
  m.context = say(ctx, "resources.add_tip");
  return m;
}

// The page of results starting at `offset`; outcome "more" when there are more after it.
action_result show_page(action_call& call, const services& s, std::size_t offset) {
  action_result r;
  const auto q = load_query(call.vars);
  const auto& ctx = call.ctx;
  const auto found = s.resources->search(ctx.person->tenant, to_query(q, offset, page_size));
  if (found.total == 0) {
    r.replies.push_back(no_match(call, s, q));
    return r;
  }
  if (found.hits.empty()) {  // the catalogue shrank since the last page
    r.replies.push_back(text_message(say(ctx, "resources.no_more")));
    return r;
  }
  const std::size_t to = offset + found.hits.size();
  const flows::variables v{{"words", q.words},
                           {"filters", filters_text(ctx, q)},
                           {"total", std::to_string(found.total)},
                           {"from", std::to_string(offset + 1)},
                           {"to", std::to_string(to)}};
  const bool listing = !has_words(q);
  std::string key = listing ? "resources.listing" : "resources.found";
  if (found.total == 1) key += "_one";
  else if (offset > 0) key = "resources.next_page";
  else if (found.total <= page_size) key += "_all";
  core::message m = text_message(say(ctx, key, v));
  bool sample = false;
  for (std::size_t i = 0; i < found.hits.size(); ++i) {
    if (!found.hits[i].item) continue;
    m.sections.push_back(hit_section(ctx, *found.hits[i].item, offset + i + 1));
    sample = sample || found.hits[i].item->sample;
  }
  std::string small;
  if (to < found.total) {
    call.vars["q_offset"] = to;
    call.vars["left"] = std::to_string(std::min(page_size, found.total - to));
    r.outcome = "more";
  } else if (found.total > page_size) {
    small = say(ctx, "resources.last_page");
  }
  if (sample) small += (small.empty() ? "" : " ") + say(ctx, "resources.sample_note");
  m.context = std::move(small);
  r.replies.push_back(std::move(m));
  return r;
}

action_result unavailable(const action_call& call) {
  action_result r;
  r.replies.push_back(text_message(say(call.ctx, "resources.unavailable")));
  return r;
}

action_result search(action_call& call, const services& s) {
  if (!s.resources) return unavailable(call);
  action_result r;
  const auto q = parse_resource_query(words_of(call));
  if (!q.bad_filter.empty()) {
    r.replies.push_back(text_message(say(call.ctx, "resources.bad_filter", {{"filter", q.bad_filter}}) + " " +
                                     say(call.ctx, "resources.ask_hint")));
    r.outcome = "ask";
    return r;
  }
  // "/library resources add" is someone looking for the add command.
  if (!q.has_filters() && core::to_lower_ascii(core::trim(q.words)) == "add") {
    r.replies.push_back(text_message(say(call.ctx, "resources.add_hint")));
    return r;
  }
  if (!q.has_filters() && !has_words(q)) {
    r.replies.push_back(text_message(say(call.ctx, "resources.need_words") + " " + say(call.ctx, "resources.ask_hint")));
    r.outcome = "ask";
    return r;
  }
  save_query(q, call.vars);
  call.vars["q_offset"] = 0;
  return show_page(call, s, 0);
}

action_result more(action_call& call, const services& s) {
  if (!s.resources) return unavailable(call);
  std::size_t offset = 0;
  if (auto it = call.vars.find("q_offset"); it != call.vars.end() && it->is_number_integer() && it->get<long long>() > 0)
    offset = static_cast<std::size_t>(it->get<long long>());
  return show_page(call, s, offset);
}

}  // namespace
}  // namespace commonsbot::collab::resources

namespace commonsbot::collab::detail {

void add_resource_actions(flows::action_registry& actions, const services& s) {
  actions.add("resources.search", [&s](flows::action_call& call) { return resources::search(call, s); }, {"more", "ask"});
  actions.add("resources.more", [&s](flows::action_call& call) { return resources::more(call, s); }, {"more"});
  resources::add_resource_add_actions(actions, s);
}

}  // namespace commonsbot::collab::detail
