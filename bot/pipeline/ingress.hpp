// Ingress: mounts a push adapter's routes on the HTTP router. For each request:
//   verify (raw bytes) -> parse -> submit every event to the pipeline -> wait for all to be
//   durable -> the adapter's acknowledgement.
// A failed verification or a malformed request is answered at once and changes nothing.
#pragma once

#include "adapters/adapter.hpp"
#include "core/event_sink.hpp"
#include "http/router.hpp"


namespace commonsbot::pipeline {

// The acknowledgement (the adapter's reply rendering) is made once every event is durable.
// Events complete on the store's commit thread; rendering a reply there would hold up the
// next group commit, and a pool for it costs a thread switch per request. So the answer is
// a deferred response (http::response::deferred): the connection's own thread, which is
// woken to write it anyway, renders it.
void mount(http::router& routes, const adapters::adapter& platform, core::event_sink& sink);

// Handles one request for `platform` (what mount registers; exposed for tests, which
// http::settle the answer).
void handle_inbound(const adapters::adapter& platform, core::event_sink& sink, http::request req,
                    http::responder respond);

}  // namespace commonsbot::pipeline
