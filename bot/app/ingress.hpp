// Ingress: mounts a push adapter's routes on the HTTP router. For each request:
//   verify (raw bytes) -> parse -> submit every event to the pipeline -> wait for all to be
//   durable -> the adapter's acknowledgement.
// A failed verification or a malformed request is answered at once and changes nothing.
#pragma once

#include "adapters/adapter.hpp"
#include "core/event_sink.hpp"
#include "http/router.hpp"

#include <functional>

namespace commonsbot::app {

// Runs the acknowledgement (the adapter's reply rendering) once every event is durable.
// Events complete on the store's commit thread; rendering a reply there (Block Kit for a
// Slack command is the largest single cost of a request) would hold up the next group
// commit, so `serve` hands it to a pool. Empty: run it where the last event completed.
using ack_runner = std::function<void(std::function<void()>)>;

void mount(http::router& routes, const adapters::adapter& platform, core::event_sink& sink, ack_runner acks = {});

// Handles one request for `platform` (what mount registers; exposed for tests).
void handle_inbound(const adapters::adapter& platform, core::event_sink& sink, http::request req,
                    http::responder respond, const ack_runner& acks = {});

}  // namespace commonsbot::app
