#include "core/event.hpp"

#include <cctype>

namespace commonsbot::core {

std::string_view to_string(event_kind k) {
  switch (k) {
    case event_kind::command: return "command";
    case event_kind::message: return "message";
    case event_kind::action: return "action";
    case event_kind::form_submission: return "form_submission";
    case event_kind::lifecycle: return "lifecycle";
  }
  return "message";
}

void parse_command_text(std::string_view text, std::string& command, std::vector<std::string>& args) {
  std::vector<std::string> words;
  std::string current;
  bool quoted = false, have = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
      have = true;
    } else if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
      if (have) words.push_back(std::move(current));
      current.clear();
      have = false;
    } else {
      current += c;
      have = true;
    }
  }
  if (have) words.push_back(std::move(current));
  // "/library" (or any slash word) names the bot, not the command.
  if (!words.empty() && !words.front().empty() && words.front().front() == '/') words.erase(words.begin());
  command.clear();
  args.clear();
  if (words.empty()) return;
  command = words.front();
  for (auto& ch : command) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  args.assign(words.begin() + 1, words.end());
}

}  // namespace commonsbot::core
