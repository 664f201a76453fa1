// /library log: library staff record a collaboration in a few quick answers (who, what,
// level on the continuum, model, learning area, year level). Flow: templates/flows/log.json.
#include "collab/action_text.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/content.hpp"
#include "collab/log_entry.hpp"
#include "collab/record_ids.hpp"
#include "collab/report_dates.hpp"
#include "collab/report_records.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::collab::detail {
namespace {

using namespace evidence;
using flows::action_call;
using flows::action_result;

struct mention_text {
  std::string id;    // a platform user id (Slack "<@U123>"), or empty
  std::string name;  // a typed name ("@Sam"), or the name Slack sent with the id
};

std::string strip_joiners(std::string s) {
  s = core::trim(s);
  for (bool again = true; again && !s.empty();) {
    again = false;
    while (!s.empty() && (s.back() == ',' || s.back() == '.' || s.back() == ';' || s.back() == '&')) {
      s.pop_back();
      again = true;
    }
    s = core::trim(s);
    for (std::string_view tail : {" and", " with"})
      if (s.size() > tail.size() && core::to_lower_ascii(s.substr(s.size() - tail.size())) == tail) {
        s.erase(s.size() - tail.size());
        again = true;
      }
  }
  for (std::string_view head : {"and ", "with "})
    if (core::to_lower_ascii(s.substr(0, head.size())) == head) s = core::trim(s.substr(head.size()));
  return s;
}

// "<@U1|sam> @Mere Smith, and @Tama" -> {U1 sam}, {Mere Smith}, {Tama}. Teams sends
// "<at>Mere Smith</at>"; Matrix ids ("@mere:school.nz") are kept whole by resolve(). Without
// any '@', names are split at commas and "and".
std::vector<mention_text> parse_mentions(std::string text) {
  std::vector<mention_text> out;
  for (std::size_t open; (open = text.find("<at>")) != std::string::npos;) {
    const std::size_t close = text.find("</at>", open);
    if (close == std::string::npos) break;
    text.replace(open, close - open + 5, " @" + text.substr(open + 4, close - open - 4) + " ");
  }
  for (std::size_t open; (open = text.find("<@")) != std::string::npos;) {
    const std::size_t close = text.find('>', open);
    if (close == std::string::npos) break;
    std::string inner = text.substr(open + 2, close - open - 2);
    text.replace(open, close - open + 1, " ");
    const auto bar = inner.find('|');
    mention_text m{inner.substr(0, bar), bar == std::string::npos ? "" : inner.substr(bar + 1)};
    if (!m.id.empty()) out.push_back(std::move(m));
  }
  std::vector<std::string> names;
  if (text.find('@') != std::string::npos) {
    std::size_t at = text.find('@');
    while (at != std::string::npos) {
      const std::size_t next = text.find('@', at + 1);
      names.push_back(text.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1));
      at = next;
    }
  } else {
    std::string lowered = core::to_lower_ascii(text), piece;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const bool comma = i < text.size() && text[i] == ',';
      const bool and_word = i + 5 <= text.size() && lowered.compare(i, 5, " and ") == 0;
      if (i == text.size() || comma || and_word) {
        names.push_back(text.substr(start, i - start));
        start = i + (and_word ? 5 : 1);
        if (and_word) i += 4;
      }
    }
  }
  for (auto& n : names)
    if (auto clean = strip_joiners(n); !clean.empty()) out.push_back({"", clean});
  return out;
}

struct resolved {
  std::vector<std::string> keys, names, unknown;
};

resolved resolve(const std::vector<mention_text>& mentions, const action_call& call) {
  const core::person& me = *call.ctx.person;
  const auto people = people_of(*call.ctx.records, me.tenant);
  resolved r;
  auto add = [&](const std::string& key, const std::string& name) {
    if (std::find(r.keys.begin(), r.keys.end(), key) != r.keys.end()) return;
    r.keys.push_back(key);
    r.names.push_back(name);
  };
  for (const auto& m : mentions) {
    if (!m.id.empty()) {
      // A platform mention names a real account even if the bot hasn't met them yet.
      const std::string key = me.platform + ":" + m.id;
      std::string name = name_of(*call.ctx.records, me.tenant, key);
      if (name == m.id && !m.name.empty()) name = m.name;
      add(key, name);
      continue;
    }
    if (me.platform == "matrix" && m.name.find(':') != std::string::npos && m.name.find(' ') == std::string::npos) {
      const std::string key = me.platform + ":@" + m.name;
      add(key, name_of(*call.ctx.records, me.tenant, key));
      continue;
    }
    const std::string wanted = core::to_lower_ascii(m.name);
    const core::person* found = nullptr;
    for (const auto& p : people) {
      if (p.platform != me.platform) continue;
      // "@Sam" finds the person who chats as Sam even before display names are matched.
      if (p.user_id == console_user_id(m.name) || core::to_lower_ascii(p.display_name) == wanted ||
          core::to_lower_ascii(p.user_id) == wanted) {
        found = &p;
        break;
      }
    }
    if (found) add(found->key(), found->display_name.empty() ? found->user_id : found->display_name);
    else r.unknown.push_back(m.name);
  }
  return r;
}

// "Year 5" -> "5", "yr 7-8" -> "7-8", "NE" -> "NE"; nullopt if it isn't a year level.
std::optional<std::string> year_level(std::string_view typed) {
  std::string s = core::to_lower_ascii(core::trim(typed));
  for (std::string_view p : {"years", "year", "yrs", "yr", "y"})
    if (s.starts_with(p)) {
      s = core::trim(s.substr(p.size()));
      break;
    }
  std::string compact;
  for (char c : s)
    if (c != ' ') compact += c == '/' ? '-' : c;
  if (compact == "ne") return "NE";
  auto number = [](std::string_view n) {
    if (n.empty() || n.size() > 2 || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return -1;
    const int v = std::stoi(std::string(n));
    return v <= 13 ? v : -1;
  };
  const auto dash = compact.find('-');
  if (dash == std::string::npos) return number(compact) >= 0 ? std::optional<std::string>(std::to_string(number(compact))) : std::nullopt;
  const int a = number(std::string_view(compact).substr(0, dash));
  const int b = number(std::string_view(compact).substr(dash + 1));
  if (a < 0 || b < 0 || b < a) return std::nullopt;
  return std::to_string(a) + "-" + std::to_string(b);
}

nlohmann::json options_of(const action_call& call, const content* words, std::string_view list) {
  nlohmann::json out = nlohmann::json::array();
  if (!words) return out;
  for (const auto& item : words->list(list)) out.push_back({{"id", item.id}, {"label", say(call.ctx, item.name)}});
  return out;
}

std::string abouts_of(const action_call& call, const content* words, std::string_view list) {
  std::string out;
  if (!words) return out;
  for (const auto& item : words->list(list))
    out += "\n• " + say(call.ctx, item.name) + ": " + say(call.ctx, item.about);
  return out;
}

action_result prepare(action_call& call, const services& s) {
  action_result r;
  call.vars["levels"] = options_of(call, s.words, "continuum");
  if (call.vars["levels"].empty()) {
    r.outcome = "none";
    return r;
  }
  auto models = options_of(call, s.words, "models");
  models.push_back({{"id", "none"}, {"label", say(call.ctx, "log.no_model")}});
  call.vars["models"] = std::move(models);
  call.vars["levels_about"] = abouts_of(call, s.words, "continuum");
  call.vars["models_about"] = abouts_of(call, s.words, "models");
  return r;
}

action_result who(action_call& call) {
  action_result r;
  const auto found = resolve(parse_mentions(var(call, "who_text")), call);
  if (!found.unknown.empty() || found.keys.empty()) {
    std::string unknown;
    for (const auto& n : found.unknown) unknown += (unknown.empty() ? "" : ", ") + n;
    r.replies.push_back(text_message(say(call.ctx, found.keys.empty() && found.unknown.empty() ? "log.who_none" : "log.who_unknown",
                                         {{"names", unknown}}) +
                                     " " + say(call.ctx, "log.who_hint")));
    r.outcome = "unknown";
    return r;
  }
  call.vars["with"] = found.keys;
  call.vars["with_list"] = found.names;
  call.vars["with_names"] = join_names(call.ctx, found.names);
  return r;
}

action_result year(action_call& call) {
  action_result r;
  const std::string typed = var(call, "year");
  if (typed.empty()) return r;
  if (auto y = year_level(typed)) {
    call.vars["year"] = *y;
    return r;
  }
  r.replies.push_back(text_message(say(call.ctx, "log.bad_year", {{"year", typed}}) + " " + say(call.ctx, "log.year_hint")));
  r.outcome = "bad";
  return r;
}

action_result review_log(action_call& call) {
  const auto& c = call.ctx;
  std::string summary = say(c, "log.line_who", {{"who", var(call, "with_names")}}) + "\n" +
                        say(c, "log.line_what", {{"what", var(call, "what")}}) + "\n" +
                        say(c, "log.line_level", {{"level", var(call, "level_label")}});
  if (var(call, "model") != "none") summary += "\n" + say(c, "log.line_model", {{"model", var(call, "model_label")}});
  if (!var(call, "area").empty()) summary += "\n" + say(c, "log.line_area", {{"area", var(call, "area")}});
  if (!var(call, "year").empty()) summary += "\n" + say(c, "log.line_year", {{"year", var(call, "year")}});
  call.vars["summary"] = summary;
  return {};
}

action_result add(action_call& call) {
  const core::person& me = *call.ctx.person;
  log_entry e;
  e.tenant = me.tenant;
  e.id = take_id(*call.ctx.records, me.tenant, collab_log_collection, "l", call.out.writes);
  e.by = me.key();
  if (auto it = call.vars.find("with"); it != call.vars.end() && it->is_array())
    for (const auto& k : *it)
      if (k.is_string()) e.with.push_back(k.get<std::string>());
  if (auto it = call.vars.find("with_list"); it != call.vars.end() && it->is_array())
    for (const auto& k : *it)
      if (k.is_string()) e.with_names.push_back(k.get<std::string>());
  e.what = var(call, "what");
  e.level = var(call, "level");
  e.model = var(call, "model") == "none" ? "" : var(call, "model");
  e.learning_area = var(call, "area");
  e.year_level = var(call, "year");
  e.at_ms = call.ctx.now_ms;
  e.date = nz_date(e.at_ms);
  call.out.writes.put(std::string(collab_log_collection), e.key(), e);
  action_result r;
  r.replies.push_back(text_message(say(call.ctx, "log.saved", {{"id", e.id}, {"who", var(call, "with_names")}})));
  return r;
}

}  // namespace

void add_log_actions(flows::action_registry& actions, const services& s) {
  actions.add("log.prepare", [&s](action_call& call) { return prepare(call, s); }, {"none"},
              flows::only_for({core::role::library_staff}));
  actions.add("log.who", who, {"unknown"}, flows::only_for({core::role::library_staff}));
  actions.add("log.year", year, {"bad"}, flows::only_for({core::role::library_staff}));
  actions.add("log.review", review_log, {}, flows::only_for({core::role::library_staff}));
  actions.add("log.add", add, {}, flows::only_for({core::role::library_staff}));
}

}  // namespace commonsbot::collab::detail
