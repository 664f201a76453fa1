// A form: several questions answered together (a Slack modal). Carried through the outbox as
// a core::message with surface "form", so no stored schema changes; form_message and form_of
// are the only code that knows the encoding (sections = fields, links = trigger/metadata).
#pragma once

#include "core/message.hpp"

#include <optional>
#include <string>
#include <vector>

namespace commonsbot::core {

inline constexpr const char* form_surface = "form";

struct form_option {
  std::string id;     // what comes back when it is picked
  std::string label;
  bool operator==(const form_option&) const = default;
};

struct form_field {
  std::string id;      // comes back as the key of the answer (the flow step's id)
  std::string label;
  std::string hint;    // shown under the field
  bool optional = false;
  bool multiline = false;
  std::size_t max_length = 0;       // 0: no limit of ours
  std::vector<form_option> options;  // non-empty: pick one
  bool operator==(const form_field&) const = default;
};

struct form {
  std::string title;
  std::string submit;
  std::string trigger;   // the platform's token that lets a form open now (Slack trigger_id)
  std::string metadata;  // comes back with the answers (which conversation it belongs to)
  std::vector<form_field> fields;
  bool operator==(const form&) const = default;
};

message form_message(const form& f);
// The form `m` carries, or nullopt when m is not a form.
std::optional<form> form_of(const message& m);

}  // namespace commonsbot::core
