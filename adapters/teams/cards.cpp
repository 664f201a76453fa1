#include "adapters/teams/cards.hpp"

#include "adapters/teams/card_actions.hpp"
#include "core/text.hpp"
#include "log/log.hpp"

#include <algorithm>

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

// Our words on the controls we add; the message's own words are everywhere else.
constexpr std::string_view card_choose_words = "Choose";
constexpr std::string_view card_send_words = "Send";
constexpr std::string_view card_form_words = "Fill in the form";
constexpr std::string_view card_pick_error_words = "Choose one first.";
constexpr std::string_view card_save_ticks_words = "Save ticks";

// One piece of a card that is never split between activities: its body elements, what it
// says in plain text (for summaries), and its serialised size with a comma per element.
struct card_unit {
  json elements = json::array();
  std::string plain;
  std::size_t bytes = 0;
  bool keep_with_next = false;  // a heading: starts a new activity rather than end one
};

class card_units {
 public:
  explicit card_units(std::size_t budget) : budget_(budget) {}
  std::size_t budget() const { return budget_; }
  static std::size_t size_of(const json& elements) {
    std::size_t n = 0;
    for (const auto& e : elements) n += serialised_bytes(e) + 1;
    return n;
  }
  void add(json elements, std::string plain, bool keep_with_next = false) {
    card_unit u{std::move(elements), std::move(plain), 0, keep_with_next};
    u.bytes = size_of(u.elements);
    units_.push_back(std::move(u));
  }
  std::vector<card_unit>& all() { return units_; }

 private:
  std::size_t budget_;
  std::vector<card_unit> units_;
};

json card_text_block(std::string text, const json& style) {
  json block = {{"type", "TextBlock"}, {"text", std::move(text)}, {"wrap", true}};
  for (const auto& [k, v] : style.items()) block[k] = v;
  return block;
}

// `raw` as TextBlocks of at most `limit` code points, halved until each fits the budget.
void card_add_text_pieces(card_units& b, std::string_view raw, const json& style, std::size_t limit,
                          bool keep_with_next) {
  for (auto& piece : split_text(raw, limit)) {
    json block = card_text_block(escape_markdown(piece), style);
    if (serialised_bytes(block) + 1 > b.budget() && limit > 1) {
      card_add_text_pieces(b, piece, style, limit / 2, keep_with_next);
      continue;
    }
    b.add(json::array({std::move(block)}), std::move(piece), keep_with_next);
  }
}

void card_add_text(card_units& b, std::string_view raw, const json& style = json::object(), bool heading = false) {
  if (core::trim(raw).empty()) return;
  card_add_text_pieces(b, raw, style, max_text_block_chars, heading);
}

// Runs [from, to) of `count` items, each run at most `max_count` items and `base` plus its
// items' `cost` bytes within the budget (a single item too big still makes a run alone).
template <class Cost>
std::vector<std::pair<std::size_t, std::size_t>> card_runs(std::size_t count, std::size_t base, std::size_t budget,
                                                           std::size_t max_count, Cost cost) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  std::size_t from = 0, size = base;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t c = cost(i);
    if (i > from && (i - from == max_count || size + c > budget)) {
      runs.emplace_back(from, i);
      from = i;
      size = base;
    }
    size += c;
  }
  if (count > from) runs.emplace_back(from, count);
  return runs;
}

void card_add_fields(card_units& b, const std::vector<core::field>& fields) {
  std::vector<const core::field*> pending;
  auto flush = [&] {
    if (pending.empty()) return;
    std::vector<json> facts;
    for (const auto* f : pending)
      facts.push_back({{"title", escape_markdown(f->label)}, {"value", escape_markdown(f->value)}});
    const std::size_t base = serialised_bytes(json{{"type", "FactSet"}, {"facts", json::array()}}) + 1;
    const auto runs = card_runs(facts.size(), base, b.budget(), max_facts_per_set,
                                [&](std::size_t i) { return serialised_bytes(facts[i]) + 1; });
    for (const auto& [from, to] : runs) {
      json set = {{"type", "FactSet"}, {"facts", json::array()}};
      std::string plain;
      for (std::size_t i = from; i < to; ++i) {
        set["facts"].push_back(std::move(facts[i]));
        plain += (plain.empty() ? "" : "\n") + pending[i]->label + ": " + pending[i]->value;
      }
      b.add(json::array({std::move(set)}), std::move(plain));
    }
    pending.clear();
  };
  for (const auto& f : fields) {
    // A value too long for a fact reads better as a heading and text, and can be split (a
    // fact cannot, and half the budget leaves room for its neighbours).
    if (core::utf8_length(f.value) + core::utf8_length(f.label) > max_text_block_chars ||
        serialised_bytes(json{{"title", escape_markdown(f.label)}, {"value", escape_markdown(f.value)}}) >
            b.budget() / 2) {
      flush();
      card_add_text(b, f.label, {{"weight", "bolder"}}, true);
      card_add_text(b, f.value);
      continue;
    }
    pending.push_back(&f);
  }
  flush();
}

// A link's destination, safe inside "(…)": the characters that would end or break it encoded.
std::string card_link_destination(std::string_view url) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\' || c == '[' || c == ']') {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

bool card_linkable(std::string_view url) {
  const std::string lower = core::to_lower_ascii(url.substr(0, 8));
  return lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:");
}

void card_add_links(card_units& b, const std::vector<core::link>& links) {
  for (std::size_t start = 0; start < links.size(); start += max_links_per_block) {
    std::string markdown, plain;
    for (std::size_t i = start; i < std::min(links.size(), start + max_links_per_block); ++i) {
      const auto& l = links[i];
      const std::string& title = l.title.empty() ? l.url : l.title;
      if (!markdown.empty()) markdown += "\n";
      // A line break in a title or url would end the list item: it becomes a space.
      std::string line_title = escape_markdown(title);
      std::replace(line_title.begin(), line_title.end(), '\n', ' ');
      if (card_linkable(l.url)) {
        markdown += "- [" + line_title + "](" + card_link_destination(l.url) + ")";
      } else {
        std::string line_url = escape_markdown(l.url);
        std::replace(line_url.begin(), line_url.end(), '\n', ' ');
        markdown += "- " + line_title + ": " + line_url;
      }
      plain += (plain.empty() ? "" : "\n") + ("- " + l.title + ": " + l.url);
    }
    json block = card_text_block(std::move(markdown), json::object());
    if (serialised_bytes(block) + 1 <= b.budget() || start + 1 == links.size()) {
      b.add(json::array({std::move(block)}), std::move(plain));
    } else {  // long urls: one link per piece
      for (std::size_t i = start; i < std::min(links.size(), start + max_links_per_block); ++i)
        card_add_links(b, {links[i]});
    }
  }
}

std::string card_toggle_title(const core::checklist_item& item, std::size_t number) {
  std::string title = item.label.empty() ? std::to_string(number) : item.label;
  if (item.ticked && !item.ticked_by.empty()) title += " (ticked by " + item.ticked_by + ")";
  return title;
}

void card_add_checklist(card_units& b, const std::vector<core::checklist_item>& items) {
  if (items.empty()) return;
  std::vector<json> toggles;
  for (std::size_t i = 0; i < items.size(); ++i)
    toggles.push_back({{"type", "Input.Toggle"},
                       {"id", toggle_input_id(i)},
                       // Toggle titles are plain text in Adaptive Cards: not escaped.
                       {"title", card_toggle_title(items[i], i + 1)},
                       {"value", items[i].ticked ? "true" : "false"},
                       {"valueOn", "true"},
                       {"valueOff", "false"},
                       {"wrap", true}});
  auto action_set = [&](std::size_t from, std::size_t to) {
    return json{{"type", "ActionSet"},
                {"actions", json::array({{{"type", "Action.Execute"},
                                          {"title", std::string(card_save_ticks_words)},
                                          {"verb", std::string(checklist_verb)},
                                          {"data", checklist_data(items, from, to - from)}}})}};
  };
  // The widest "first" a run can carry, so the estimate is an upper bound.
  const std::size_t base = serialised_bytes(action_set(items.size(), items.size())) + 1;
  const auto runs = card_runs(items.size(), base, b.budget(), items.size(), [&](std::size_t i) {
    return serialised_bytes(toggles[i]) + 1 + serialised_bytes(json(items[i].id)) + 2;
  });
  for (const auto& [from, to] : runs) {
    json elements = json::array();
    std::string plain;
    for (std::size_t i = from; i < to; ++i) {
      elements.push_back(std::move(toggles[i]));
      const auto& item = items[i];
      plain += (plain.empty() ? "" : "\n") + std::to_string(i + 1) + ". [" + (item.ticked ? "x" : " ") + "] " +
               item.label;
    }
    elements.push_back(action_set(from, to));
    b.add(std::move(elements), std::move(plain));
  }
}

std::string card_numbered(const std::vector<core::choice>& choices, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i)
    out += (i > from ? "\n" : "") + std::to_string(i + 1) + ". " + choices[i].label;
  return out;
}

void card_add_choices(card_units& b, const std::vector<core::choice>& choices, bool required) {
  if (choices.empty()) return;
  const bool buttons = choices.size() <= max_buttons && std::all_of(choices.begin(), choices.end(), [](const auto& c) {
    return !c.label.empty() && core::utf8_length(c.label) <= max_button_title_chars;
  });
  if (buttons) {
    json actions = json::array();
    for (const auto& c : choices)
      actions.push_back({{"type", "Action.Submit"},
                         {"title", c.label},
                         {"data", button_data(c)},
                         // A button sends only what it is, and no required input blocks it.
                         {"associatedInputs", "none"}});
    b.add(json::array({{{"type", "ActionSet"}, {"actions", std::move(actions)}}}),
          card_numbered(choices, 0, choices.size()));
    return;
  }
  // Many choices: compact choice sets, each with its own submit. Its value is the choice id
  // (single-select, so a ',' in an id comes back whole).
  std::vector<json> options;
  for (std::size_t i = 0; i < choices.size(); ++i)
    options.push_back({{"title", choices[i].label.empty() ? std::to_string(i + 1) : choices[i].label},
                       {"value", choices[i].id}});
  auto elements = [&](std::size_t set, json list) {
    json input = {{"type", "Input.ChoiceSet"},
                  {"id", pick_input_id(set)},
                  {"style", "compact"},
                  {"placeholder", std::string(card_choose_words)},
                  {"choices", std::move(list)}};
    if (required) {
      input["isRequired"] = true;
      input["errorMessage"] = std::string(card_pick_error_words);
    }
    return json::array({std::move(input),
                        {{"type", "ActionSet"},
                         {"actions", json::array({{{"type", "Action.Submit"},
                                                   {"title", std::string(card_send_words)},
                                                   {"data", pick_data(set)}}})}}});
  };
  const std::size_t base = card_units::size_of(elements(choices.size(), json::array())) + 1;
  const auto runs = card_runs(options.size(), base, b.budget(), max_choice_set_options,
                              [&](std::size_t i) { return serialised_bytes(options[i]) + 1; });
  for (std::size_t set = 0; set < runs.size(); ++set) {
    const auto [from, to] = runs[set];
    json list = json::array();
    for (std::size_t i = from; i < to; ++i) list.push_back(std::move(options[i]));
    b.add(elements(set, std::move(list)), card_numbered(choices, from, to));
  }
}

// The flow has a form: a button opening it as a task module (Teams sends task/fetch with this
// data, and activity.cpp starts the command with the form in the answer).
void card_add_form_button(card_units& b, const std::string& command) {
  if (command.empty()) return;
  json data = {{"msteams", {{"type", "task/fetch"}}}, {"command", command}};
  b.add(json::array({{{"type", "ActionSet"},
                      {"actions", json::array({{{"type", "Action.Submit"},
                                                {"title", std::string(card_form_words)},
                                                {"data", std::move(data)},
                                                {"associatedInputs", "none"}}})}}}),
        std::string(card_form_words));
}

json card_activity(json body, std::string summary) {
  return {{"type", "message"},
          {"summary", std::move(summary)},
          {"attachments", json::array({card_attachment(adaptive_card(std::move(body)))})}};
}

json card_text_activity(std::string text, std::string summary) {
  return {{"type", "message"}, {"text", std::move(text)}, {"textFormat", "plain"}, {"summary", std::move(summary)}};
}

// The most a summary adds to an activity: max_summary_chars code points of up to 4 bytes.
constexpr std::size_t card_summary_reserve = 4 * max_summary_chars + 2;

std::vector<json> card_text_activities(const core::message& m, std::size_t cap) {
  const std::string text = core::plain_text(m);
  if (core::trim(text).empty()) return {card_text_activity(summary_text(""), summary_text(""))};
  const std::size_t budget = cap - serialised_bytes(card_text_activity("", "")) - card_summary_reserve;
  // Most text is far under the cap; halve the piece length until every piece fits.
  for (std::size_t limit = core::utf8_length(text);; limit = std::max<std::size_t>(1, limit / 2)) {
    auto pieces = split_text(text, limit);
    const bool fit = std::all_of(pieces.begin(), pieces.end(),
                                 [&](const std::string& p) { return serialised_bytes(json(p)) <= budget; });
    if (!fit && limit > 1) continue;
    std::vector<json> out;
    for (auto& p : pieces) {
      std::string summary = summary_text(p);
      out.push_back(card_text_activity(std::move(p), std::move(summary)));
    }
    return out;
  }
}

// Units into activities in order: a unit goes in the current activity when it fits (a
// heading only when what follows it fits too), else it starts the next one.
std::vector<json> card_pack(std::vector<card_unit>& units, std::size_t budget, const std::string& whole_summary) {
  std::vector<std::pair<std::size_t, std::size_t>> parts;  // [from, to) of units
  std::size_t from = 0, size = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    std::size_t need = units[i].bytes;
    if (units[i].keep_with_next && i + 1 < units.size() && need + units[i + 1].bytes <= budget)
      need += units[i + 1].bytes;
    if (i > from && size + need > budget) {
      parts.emplace_back(from, i);
      from = i;
      size = 0;
    }
    size += units[i].bytes;
  }
  parts.emplace_back(from, units.size());
  std::vector<json> out;
  for (const auto& [a, b] : parts) {
    json body = json::array();
    std::string plain;
    for (std::size_t i = a; i < b; ++i) {
      for (auto& e : units[i].elements) body.push_back(std::move(e));
      if (!units[i].plain.empty()) plain += (plain.empty() ? "" : "\n") + units[i].plain;
    }
    // One activity: the whole message's plain text, as elsewhere; several: each its own.
    std::string summary = parts.size() == 1 || core::trim(plain).empty() ? whole_summary : summary_text(plain);
    out.push_back(card_activity(std::move(body), std::move(summary)));
  }
  return out;
}

}  // namespace

json adaptive_card(json body) {
  return {{"type", "AdaptiveCard"},
          {"version", std::string(adaptive_card_version)},
          {"$schema", std::string(adaptive_card_schema)},
          {"body", std::move(body)}};
}

json card_attachment(json card) {
  return {{"contentType", std::string(adaptive_card_content_type)}, {"content", std::move(card)}};
}

std::size_t serialised_bytes(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace).size(); }

std::vector<json> render_activities(const core::message& m, const card_options& options) {
  const std::size_t cap = std::clamp(options.max_activity_bytes, min_activity_cap, max_activity_cap);
  if (m.sections.empty() && m.links.empty() && m.choices.empty() && m.checklist.empty() && m.form_command.empty())
    return card_text_activities(m, cap);
  const std::size_t budget = cap - serialised_bytes(card_activity(json::array(), "")) - card_summary_reserve;
  card_units b(budget);
  card_add_text(b, m.text);
  for (const auto& s : m.sections) {
    if (!s.title.empty()) card_add_text(b, s.title, {{"weight", "bolder"}}, true);
    card_add_text(b, s.text);
    card_add_fields(b, s.fields);
  }
  card_add_links(b, m.links);
  card_add_checklist(b, m.checklist);
  // A required choice set would block the checklist's button on the same card.
  card_add_choices(b, m.choices, m.checklist.empty());
  card_add_form_button(b, m.form_command);
  card_add_text(b, m.context, {{"isSubtle", true}, {"size", "small"}});
  if (b.all().empty()) return card_text_activities(m, cap);  // sections with nothing in them
  auto out = card_pack(b.all(), budget, summary_text(core::plain_text(m)));
  for (const auto& a : out)
    if (const auto bytes = serialised_bytes(a); bytes > cap)
      log::warn("teams.activity_over_cap").kv("bytes", bytes).kv("cap", cap);  // one control bigger than the cap
  return out;
}

const json* card_of(const json& activity) {
  const auto attachments = activity.find("attachments");
  if (attachments == activity.end() || !attachments->is_array() || attachments->empty()) return nullptr;
  const auto& first = attachments->front();
  const auto content = first.find("content");
  return first.value("contentType", "") == adaptive_card_content_type && content != first.end() ? &*content : nullptr;
}

json execute_answer(const core::message& m, const card_options& options) {
  const auto activities = render_activities(m, options);
  if (const json* card = card_of(activities.front())) return card_answer(*card);
  return message_answer(activities.front().value("text", ""));
}

}  // namespace commonsbot::adapters::teams
