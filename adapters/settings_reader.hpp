// Reading an "adapters.<platform>" config section: secrets by reference and plain text
// values, each problem named by its JSON path. Shared by every platform's settings.
#pragma once

#include "flows/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace commonsbot::adapters {

// A secret's value: no stream operator and no implicit conversion, so it cannot reach a log
// line by accident (the same contract as config::secret, which this library cannot link).
class secret_value {
 public:
  secret_value() = default;
  explicit secret_value(std::string v) : value_(std::move(v)) {}
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

// `ref` must be {"env": NAME} or {"file": PATH}; secrets are never written inline. Problems
// are reported at `pointer` (e.g. "/adapters/slack/signing_secret").
secret_value read_secret(const nlohmann::json& ref, const std::string& file, const std::string& pointer,
                         flows::problem_list& problems);

// section[name] into `out` when present; anything but a string is a problem at base + name.
void read_text(const nlohmann::json& section, const std::string& file, const std::string& base, const char* name,
               std::string& out, flows::problem_list& problems);

}  // namespace commonsbot::adapters
