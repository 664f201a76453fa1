// Roles decide what a person may ask the bot to do.
#pragma once

#include <optional>
#include <string_view>

namespace commonsbot::core {

enum class role { teacher, library_staff, leader, admin };

std::string_view to_string(role r);
// Accepts "teacher", "library_staff" (or "library-staff", "library"), "leader", "admin".
std::optional<role> parse_role(std::string_view text);
// A friendly name for people, e.g. "library staff".
std::string_view display_name(role r);

}  // namespace commonsbot::core
