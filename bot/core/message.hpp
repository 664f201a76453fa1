// Message: what the bot says, independent of any platform. Adapters render it (Block Kit,
// Adaptive Cards, HTML, terminal text); `plain_text` is the fallback every platform can show.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace commonsbot::core {

struct field {
  std::string label;
  std::string value;
  bool operator==(const field&) const = default;
};

struct section {
  std::string title;  // optional heading
  std::string text;
  std::vector<field> fields;
  bool operator==(const section&) const = default;
};

struct link {
  std::string title;
  std::string url;
  bool operator==(const link&) const = default;
};

// A button or one option of a choice. `id` goes back to the bot as an action id.
struct choice {
  std::string id;
  std::string label;
  std::string value;
  bool operator==(const choice&) const = default;
};

struct checklist_item {
  std::string id;
  std::string label;
  bool ticked = false;
  std::string ticked_by;  // who ticked it, for "ticked by Aroha"
  bool operator==(const checklist_item&) const = default;
};

struct message {
  std::string text;                   // the main text; may be empty when sections carry it
  std::vector<section> sections;
  std::vector<link> links;
  std::vector<choice> choices;        // buttons or a choice list
  std::vector<checklist_item> checklist;
  std::string context;                // small print under the message (a hint, a footer)
  bool ephemeral = false;             // only the asker sees it, where the platform can
  // This message replaces the one the button was on (a checklist ticked in place), where
  // the platform can edit a sent message; elsewhere it is posted as a new message.
  bool replace_original = false;
  // Where it is shown: "" in the conversation; "home" on the person's own page in the app
  // (Slack's App Home tab), replacing what was there.
  std::string surface;
  // The flow this message asks for has a form (a booking): the command that opens it, for
  // platforms that open forms only from a button press (a Teams task module). Empty: none.
  std::string form_command;

  bool operator==(const message&) const = default;
};

// Everything in `m` as plain text, so no platform ever shows an empty message. Choices are
// numbered ("1. Yes"), so a reply by number works everywhere.
std::string plain_text(const message& m);

inline constexpr const char* home_surface = "home";

void to_json(nlohmann::json& j, const message& m);
void from_json(const nlohmann::json& j, message& m);

}  // namespace commonsbot::core
