// Ingress: mounts a push adapter's routes on the HTTP router. For each request:
//   verify (raw bytes) -> parse -> the tenant's rate limit -> submit every event to the
//   pipeline -> wait for all to be durable -> the adapter's acknowledgement.
// A failed verification, a malformed request or one over its tenant's rate (429 with
// Retry-After) is answered at once and changes nothing.
#pragma once

#include "adapters/adapter.hpp"
#include "core/event_sink.hpp"
#include "http/router.hpp"
#include "pipeline/tenant_rate_limit.hpp"

namespace commonsbot::pipeline {

// The acknowledgement (the adapter's reply rendering) is made once every event is durable.
// Events complete on the store's commit thread; rendering a reply there would hold up the
// next group commit, and a pool for it costs a thread switch per request. So the answer is
// a deferred response (http::response::deferred): the connection's own thread, which is
// woken to write it anyway, renders it.
// `limit` (optional; it must outlive the routes) is shared by every platform mounted with it.
void mount(http::router& routes, const adapters::adapter& platform, core::event_sink& sink,
           tenant_rate_limit* limit = nullptr);

// Handles one request for `platform` (what mount registers; exposed for tests, which
// http::settle the answer).
void handle_inbound(const adapters::adapter& platform, core::event_sink& sink, http::request req,
                    http::responder respond, tenant_rate_limit* limit = nullptr);

}  // namespace commonsbot::pipeline
