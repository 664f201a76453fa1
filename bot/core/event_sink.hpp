// Where adapters hand events to the bot, and what they get back.
#pragma once

#include "core/event.hpp"
#include "core/message.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::core {

struct outcome {
  enum class status {
    done,         // the event's effects are durable; replies are ready
    duplicate,    // this delivery was handled before; nothing changed
    unavailable,  // the store could not commit; nothing changed (HTTP 503)
    invalid,      // the event itself was unusable; nothing changed (HTTP 400)
    failed,       // handling it failed (a corrupt stored record, a bug); nothing changed, the
                  // replies hold an apology (HTTP 500 where the answer cannot carry it)
  };
  status result = status::done;
  std::vector<message> replies;  // to show the person now (in the ack, or on the console)
  std::string detail;            // for logs: why unavailable or invalid
  // A form submission turned down: field id -> what was wrong, in words. Nothing changed.
  std::map<std::string, std::string> field_errors = {};
};

class event_sink {
 public:
  virtual ~event_sink() = default;
  // Handles `ev` and calls `done` once its effects are durable (or refused). `done` may run
  // on another thread, before or after submit returns.
  virtual void submit(event ev, std::function<void(outcome)> done) = 0;
};

}  // namespace commonsbot::core
