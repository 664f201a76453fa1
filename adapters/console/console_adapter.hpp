// The console adapter: a conversation with the bot in a terminal, over the same pipeline
// as every platform. Choices and buttons show as numbered options answered by number;
// checklists show their ticks. It reads a script from stdin just as well, which is how the
// tests drive it.
#pragma once

#include "adapters/adapter.hpp"

#include <iosfwd>
#include <string>

namespace commonsbot::adapters {

struct console_identity {
  std::string tenant = "console";
  std::string user_id;    // e.g. "aroha"
  std::string user_name;  // e.g. "Aroha"
};

class console_adapter final : public adapter {
 public:
  explicit console_adapter(console_identity who);

  std::string_view platform() const override { return "console"; }
  std::vector<outbound_request> render(const core::message& m, const core::conversation_ref& to) const override;

  // Reads lines from `in` until end of input or "quit", sending each through `sink` and
  // printing the replies to `out`. Echoes each line when `echo` is set (a script, not a
  // person at a terminal). Returns the number of lines that could not be handled.
  int run(std::istream& in, std::ostream& out, core::event_sink& sink, bool echo);

  // The event a typed line becomes: "/library ..." is a command, anything else an answer.
  core::event to_event(const std::string& line, unsigned long sequence) const;

  // How a message looks in the terminal.
  static std::string render_text(const core::message& m);

 private:
  console_identity who_;
};

}  // namespace commonsbot::adapters
