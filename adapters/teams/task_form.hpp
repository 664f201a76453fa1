// core::form -> a Teams task module (dialog) and back, the way slack/modal.hpp does a modal.
// task/fetch is answered with the form as a card; task/submit brings the inputs back in
// `value.data`, merged with the submit button's data (the form's metadata). The answer to
// a submission either re-shows the card, each field's error in red under it and the typed
// values kept, or closes the dialog with a message.
//
// Input ids are "field.<field id>", so no field id can collide with our own data keys.
#pragma once

#include "core/form.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>

namespace commonsbot::adapters::teams {

// Marks the submit data of our forms ({"cb":"form","metadata":…}).
inline constexpr std::string_view form_data_kind = "form";
inline constexpr std::string_view form_input_prefix = "field.";

// Adaptive Cards' Input.Text has no documented maximum; this keeps one answer well inside an
// activity (and the flow's own limits are usually lower).
inline constexpr std::size_t max_form_input_length = 10'000;

// Words the dialog itself shows, not from the form (defaults in en-NZ).
struct form_words {
  std::string required = "This one needs an answer.";
};

using form_values = std::map<std::string, std::string>;

// The card of the form: per field an Input.Text (multi-line and max length as the field
// says) or a compact Input.ChoiceSet, label, hint under it, isRequired + errorMessage unless
// optional; `values` fills inputs in (a re-shown form), `errors` puts each field's error in
// a red TextBlock under it. One Action.Submit titled f.submit carrying the metadata.
nlohmann::json form_card(const core::form& f, const form_values& values = {},
                         const std::map<std::string, std::string>& errors = {}, const form_words& words = {});

// The answer to task/fetch:
// {"task":{"type":"continue","value":{"title","height":"medium","width":"medium","card"}}}.
nlohmann::json task_fetch_answer(const core::form& f, const form_words& words = {});

// A submission read back: field id -> value, and the metadata the form was opened with.
struct form_submission {
  bool ok = false;
  std::string reason;  // when not ok: not one of our forms, or malformed
  form_values values;
  std::string metadata;
};
// `data`: the task/submit invoke's value.data.
form_submission read_form_submission(const nlohmann::json& data);

// The answer to task/submit when fields need fixing: the form again, with `errors` (field
// id -> words) and the submitted values kept.
nlohmann::json task_errors_answer(const core::form& f, const form_values& values,
                                  const std::map<std::string, std::string>& errors, const form_words& words = {});
// The answer that closes the dialog showing `text`: {"task":{"type":"message","value":text}}.
nlohmann::json task_done_answer(std::string_view text);

}  // namespace commonsbot::adapters::teams
