// An adapter for delivery tests: renders a message as one JSON POST to the fake platform,
// with the idempotency key in the path (as Matrix's txnId is).
#pragma once

#include "adapters/adapter.hpp"
#include "core/message.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace commonsbot::test {

class test_adapter final : public adapters::adapter {
 public:
  explicit test_adapter(std::string base_url, std::string platform = "fake", int parts = 1)
      : base_url_(std::move(base_url)), platform_(std::move(platform)), parts_(parts) {}

  std::string_view platform() const override { return platform_; }

  std::vector<adapters::outbound_request> render(const core::message& m, const core::conversation_ref& to) const override {
    std::vector<adapters::outbound_request> out;
    for (int i = 0; i < parts_; ++i) {
      adapters::outbound_request r;
      r.method = "PUT";
      r.url = base_url_ + "/send/" + to.conversation_id + "/{idempotency_key}";
      r.headers = {{"Content-Type", "application/json"}};
      r.body = nlohmann::json{{"text", core::plain_text(m)}, {"part", i}}.dump();
      if (to.tenant == "no-credentials") r.unsendable = "no credentials cover tenant no-credentials; not sent";
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  std::string base_url_;
  std::string platform_;
  int parts_;
};

}  // namespace commonsbot::test
