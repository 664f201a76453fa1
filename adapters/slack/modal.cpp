#include "adapters/slack/modal.hpp"

#include "adapters/slack/block_kit.hpp"
#include "core/text.hpp"
#include "log/log.hpp"

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

json plain(std::string text) { return {{"type", "plain_text"}, {"text", std::move(text)}, {"emoji", true}}; }

// Titles, labels and options are the bot's own words from the templates, not user text; one
// too long for its place is shortened with an ellipsis and logged (so the words get fixed),
// because a modal cannot be paged and Slack refuses the whole view otherwise.
std::string fit(const std::string& s, std::size_t max_chars, std::string_view what) {
  if (core::utf8_length(s) <= max_chars) return s.empty() ? std::string(" ") : s;
  log::warn("slack.modal_text_shortened").kv("what", std::string(what)).kv("chars", core::utf8_length(s));
  return split_text(s, max_chars - 1).front() + "\xE2\x80\xA6";
}

json input_block(const core::form_field& f) {
  json element;
  if (f.options.empty()) {
    element = {{"type", "plain_text_input"}, {"action_id", f.id}, {"multiline", f.multiline}};
    if (f.max_length) element["max_length"] = std::min(f.max_length, max_input_length);
  } else {
    json options = json::array();
    for (const auto& o : f.options) {
      if (options.size() == max_select_options) {
        log::warn("slack.modal_options_cut").kv("field", f.id).kv("options", f.options.size());
        break;
      }
      options.push_back({{"text", plain(fit(o.label, max_option_text, "option"))}, {"value", o.id}});
    }
    element = {{"type", "static_select"}, {"action_id", f.id}, {"options", std::move(options)}};
  }
  json block = {{"type", "input"},
                {"block_id", f.id},
                {"label", plain(fit(f.label, max_input_label, "label"))},
                {"optional", f.optional},
                {"element", std::move(element)}};
  if (!f.hint.empty()) block["hint"] = plain(fit(f.hint, max_input_hint, "hint"));
  return block;
}

}  // namespace

json modal_view(const core::form& f) {
  json blocks = json::array();
  for (const auto& field : f.fields) {
    if (blocks.size() == max_blocks_per_view) {
      log::warn("slack.modal_fields_cut").kv("fields", f.fields.size());
      break;
    }
    blocks.push_back(input_block(field));
  }
  json view = {{"type", "modal"},
               {"callback_id", std::string(form_callback_id)},
               {"title", plain(fit(f.title, max_view_title, "title"))},
               {"submit", plain(fit(f.submit, max_view_title, "submit"))},
               {"notify_on_close", true},
               {"blocks", std::move(blocks)}};
  // The conversation id is short; a longer value would not come back whole, so none is sent.
  if (core::utf8_length(f.metadata) <= max_private_metadata) view["private_metadata"] = f.metadata;
  return view;
}

}  // namespace commonsbot::adapters::slack
