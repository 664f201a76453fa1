#include "adapters/console/console_adapter.hpp"

#include "core/text.hpp"

#include <chrono>
#include <future>
#include <istream>
#include <ostream>

namespace commonsbot::adapters {

console_adapter::console_adapter(console_identity who) : who_(std::move(who)) {}

core::event console_adapter::to_event(const std::string& line, unsigned long sequence) const {
  core::event ev;
  ev.platform = "console";
  ev.tenant = who_.tenant;
  ev.conversation_id = "dm-" + who_.user_id;
  ev.user_id = who_.user_id;
  ev.user_name = who_.user_name;
  ev.received_at = std::chrono::system_clock::now();
  ev.reply = {"console", who_.tenant, ev.conversation_id, who_.user_id, "", "", ""};
  (void)sequence;  // a terminal has no retries, so no delivery id to dedupe on
  const std::string text = core::trim(line);
  if (!text.empty() && text.front() == '/') {
    ev.kind = core::event_kind::command;
    core::parse_command_text(text, ev.command, ev.args);
    const auto space = text.find(' ');
    ev.text = space == std::string::npos ? "" : core::trim(text.substr(space + 1));
  } else {
    ev.kind = core::event_kind::message;
    ev.text = text;
  }
  return ev;
}

std::string console_adapter::render_text(const core::message& m) {
  std::string out;
  auto block = [&out](const std::string& text) {
    if (text.empty()) return;
    if (!out.empty()) out += "\n";
    out += text;
  };
  block(m.text);
  for (const auto& s : m.sections) {
    block(s.title.empty() ? s.text : s.title + (s.text.empty() ? "" : "\n    " + s.text));
    for (const auto& f : s.fields) block("    " + f.label + ": " + f.value);
  }
  for (std::size_t i = 0; i < m.checklist.size(); ++i) {
    const auto& item = m.checklist[i];
    std::string line = "  " + std::to_string(i + 1) + ". [" + (item.ticked ? "x" : " ") + "] " + item.label;
    if (item.ticked && !item.ticked_by.empty()) line += "  (" + item.ticked_by + ")";
    block(line);
  }
  for (const auto& l : m.links) block("  -> " + l.title + ": " + l.url);
  // With a checklist, the only button is "done", which is typed rather than numbered.
  if (m.checklist.empty())
    for (std::size_t i = 0; i < m.choices.size(); ++i) block("  " + std::to_string(i + 1) + ". " + m.choices[i].label);
  if (!m.context.empty()) block("  (" + m.context + ")");
  return out;
}

std::vector<outbound_request> console_adapter::render(const core::message& m, const core::conversation_ref& to) const {
  outbound_request r;
  r.method = "PRINT";
  r.url = "console:" + to.user_id;
  r.body = render_text(m);
  return {r};
}

int console_adapter::run(std::istream& in, std::ostream& out, core::event_sink& sink, bool echo) {
  int failures = 0;
  unsigned long sequence = 0;
  std::string line;
  while (true) {
    if (!echo) out << "you> " << std::flush;
    if (!std::getline(in, line)) break;
    const std::string text = core::trim(line);
    if (echo) out << "you> " << text << "\n";
    if (text.empty() || text.front() == '#') continue;  // blank lines and script comments
    if (text == "quit" || text == "exit") break;
    if (!core::is_valid_utf8(text)) {
      out << "bot> That line isn't valid UTF-8 text, so I skipped it.\n";
      ++failures;
      continue;
    }
    std::promise<core::outcome> result;
    auto ready = result.get_future();
    sink.submit(to_event(text, ++sequence), [&result](core::outcome o) { result.set_value(std::move(o)); });
    core::outcome o = ready.get();
    if (o.result == core::outcome::status::invalid || o.result == core::outcome::status::unavailable ||
        o.result == core::outcome::status::failed)
      ++failures;
    if (o.replies.empty() && o.result == core::outcome::status::unavailable)
      out << "bot> Sorry, I couldn't save that just now (" << o.detail << "). Please try again.\n";
    for (const auto& m : o.replies) {
      std::string text_out = render_text(m);
      // Indent continuation lines under "bot> " so a transcript reads cleanly.
      std::string indented;
      for (char c : text_out) {
        indented += c;
        if (c == '\n') indented += "     ";
      }
      out << "bot> " << indented << "\n";
    }
    out << std::flush;
  }
  return failures;
}

}  // namespace commonsbot::adapters
