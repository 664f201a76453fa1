// Values one part of a multi-request render takes from its answer for the parts after it
// (adapters::outbound_request::capture): Slack's conversations.open answers the DM channel
// that chat.postMessage then posts to. The worker owns the values; these are its rules.
#pragma once

#include "adapters/adapter.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace commonsbot::delivery {

using captured_values = std::map<std::string, std::string>;

// The string at JSON pointer `pointer` in `body`, if it is a plain id: 1 to 255 letters,
// digits, '.', '_', '-' or ':' (platform ids are; Teams' look like "a:1xyz"). Anything else
// could change the meaning of the URL or JSON it is put into, so it is refused rather than
// escaped. Never throws.
std::optional<std::string> capture_value(std::string_view body, const std::string& pointer);

// `text` with every "{capture:<name>}" replaced by its value, and every
// "{capture_url:<name>}" by its value percent-encoded for a URL path segment (all but
// letters, digits and - . _ ~); nullopt if it names a value nobody captured (its name then
// in `missing`, if given).
std::optional<std::string> fill_captures(std::string_view text, const captured_values& values,
                                         std::string* missing = nullptr);

// The same over the parts of a request a placeholder may sit in: url, body, header values
// and rate_bucket. On failure `missing` names the value nobody captured and `r` is left
// partly filled (it must not be sent).
bool fill_captures(adapters::outbound_request& r, const captured_values& values, std::string& missing);

// After `part` was accepted with answer `body`: its capture kept in `values` (and in
// `memory`, if it asks to be remembered). Returns why not, if the answer has no usable value.
class answer_memory;
std::optional<std::string> keep_capture(const adapters::outbound_request& part, std::string_view body,
                                        captured_values& values, answer_memory& memory);

// Answers parts asked to be remembered across entries (outbound_request::remember_as), e.g.
// the DM channel per Slack team and user. The delivery worker owns one, on its own thread:
// only it sees answers, and there it needs no lock. The worker also keeps each answer in the
// store (remembered_answers_collection) and loads them at start, so a restart opens no DM
// again. Bounded: past `max_size` it starts again, which costs one more open per person and
// is never a wrong send.
class answer_memory {
 public:
  explicit answer_memory(std::size_t max_size = 10'000) : max_size_(max_size) {}

  void remember(const std::string& key, const std::string& value);
  void forget(const std::string& key) { values_.erase(key); }
  std::size_t size() const { return values_.size(); }

  // Skips parts from `done` on whose answer is remembered, never the last part (something
  // must still be sent): their values go into `values`, their keys into `used`. Returns the
  // new count of parts done.
  int skip(const std::vector<adapters::outbound_request>& parts, int done, captured_values& values,
           std::vector<std::string>& used) const;

 private:
  std::size_t max_size_;
  std::unordered_map<std::string, std::string> values_;
};

}  // namespace commonsbot::delivery
