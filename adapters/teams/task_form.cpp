#include "adapters/teams/task_form.hpp"

#include "adapters/teams/cards.hpp"

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

json form_input(const core::form_field& f, const form_values& values, const form_words& words) {
  const std::string id = std::string(form_input_prefix) + f.id;
  const auto typed = values.find(f.id);
  json input;
  if (f.options.empty()) {
    input = {{"type", "Input.Text"}, {"id", id}, {"isMultiline", f.multiline}};
    input["maxLength"] = f.max_length ? std::min(f.max_length, max_form_input_length) : max_form_input_length;
    if (typed != values.end()) input["value"] = typed->second;
  } else {
    json choices = json::array();
    bool known = false;
    for (const auto& o : f.options) {
      choices.push_back({{"title", o.label.empty() ? o.id : o.label}, {"value", o.id}});
      known = known || (typed != values.end() && typed->second == o.id);
    }
    input = {{"type", "Input.ChoiceSet"}, {"id", id}, {"style", "compact"}, {"choices", std::move(choices)}};
    if (known) input["value"] = typed->second;  // a value no option has would show nothing
  }
  // Labels are the form's own words (templates), plain text in Adaptive Cards.
  input["label"] = f.label.empty() ? f.id : f.label;
  if (!f.optional) {
    input["isRequired"] = true;
    input["errorMessage"] = words.required;
  }
  return input;
}

}  // namespace

json form_card(const core::form& f, const form_values& values, const std::map<std::string, std::string>& errors,
               const form_words& words) {
  json body = json::array();
  for (const auto& field : f.fields) {
    body.push_back(form_input(field, values, words));
    if (!field.hint.empty())
      body.push_back({{"type", "TextBlock"},
                      {"text", escape_markdown(field.hint)},
                      {"wrap", true},
                      {"isSubtle", true},
                      {"size", "small"},
                      {"spacing", "none"}});
    if (const auto e = errors.find(field.id); e != errors.end())
      body.push_back({{"type", "TextBlock"},
                      {"text", escape_markdown(e->second)},
                      {"wrap", true},
                      {"color", "attention"},
                      {"spacing", "small"}});
  }
  json card = adaptive_card(std::move(body));
  card["actions"] = json::array({{{"type", "Action.Submit"},
                                  {"title", f.submit.empty() ? std::string("OK") : f.submit},
                                  {"data", {{"cb", std::string(form_data_kind)}, {"metadata", f.metadata}}}}});
  return card;
}

json task_fetch_answer(const core::form& f, const form_words& words) { return task_errors_answer(f, {}, {}, words); }

form_submission read_form_submission(const json& data) {
  form_submission out;
  if (!data.is_object()) {
    out.reason = "the submitted data is not a JSON object";
    return out;
  }
  const auto kind = data.find("cb");
  if (kind == data.end() || !kind->is_string() || kind->get_ref<const std::string&>() != form_data_kind) {
    out.reason = "the submitted data is not from one of our forms";
    return out;
  }
  if (const auto md = data.find("metadata"); md != data.end() && md->is_string()) out.metadata = md->get<std::string>();
  for (auto it = data.begin(); it != data.end(); ++it) {
    if (!it.key().starts_with(form_input_prefix)) continue;
    // Teams sends every input as a string; anything else is taken as unanswered.
    out.values[it.key().substr(form_input_prefix.size())] = it->is_string() ? it->get<std::string>() : std::string();
  }
  out.ok = true;
  return out;
}

json task_errors_answer(const core::form& f, const form_values& values,
                        const std::map<std::string, std::string>& errors, const form_words& words) {
  return {{"task",
           {{"type", "continue"},
            {"value",
             {{"title", f.title},
              {"height", "medium"},
              {"width", "medium"},
              {"card", card_attachment(form_card(f, values, errors, words))}}}}}};
}

json task_done_answer(std::string_view text) { return {{"task", {{"type", "message"}, {"value", std::string(text)}}}}; }

}  // namespace commonsbot::adapters::teams
