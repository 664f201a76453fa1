#include "app/schedule_fire.hpp"

#include "core/conversation_ref.hpp"
#include "core/message.hpp"
#include "delivery/outbox_entry.hpp"

#include <stdexcept>

namespace commonsbot::app {

store::transaction schedule_fire(const schedule::fire& f) {
  const auto& j = *f.of;
  if (j.kind != "message") throw std::invalid_argument("no handler for job kind \"" + j.kind + "\" yet");
  store::transaction txn;
  auto m = j.payload.at("message").get<core::message>();
  delivery::enqueue(txn, j.payload.at("to").get<core::conversation_ref>(), m, f.now_ms);
  return txn;
}

}  // namespace commonsbot::app
