// The per-platform limits the worker paces by unless the config says otherwise
// (docs/delivery.md "Rate limits" cites each source). Declared in worker.hpp.
#include "delivery/worker.hpp"

namespace commonsbot::delivery {

std::map<std::string, platform_limits> default_limits() {
  std::map<std::string, platform_limits> m;
  // Slack: chat.postMessage about 1 message/s per channel with short bursts, plus a
  // workspace-wide cap (unpublished; we stay well under it).
  m["slack"] = {{0, 1}, {5.0, 10}, {1.0, 3}, true};
  // Teams: per conversation 7/1 s, 8/2 s, 60/30 s, 1800/3600 s; per app per tenant 30 RPS
  // (people hit 429 above ~7 users/s on fan-outs, so 20). A conversation gets 1/s with a
  // burst of 7, inside every window up to 30 s: a flow's replies (a question, a card of
  // several parts) would lag behind at 0.5/s, and only an hour of 1/s could pass the 1800
  // an hour, which its 429 would then pause.
  m["teams"] = {{0, 1}, {20.0, 20}, {1.0, 7}, false};
  // Matrix (Synapse default rc_message): 0.2 messages/s per sending user, burst 10.
  m["matrix"] = {{0, 1}, {0.2, 10}, {0, 1}, true};
  return m;
}

}  // namespace commonsbot::delivery
