#include "core/role.hpp"

namespace commonsbot::core {

std::string_view to_string(role r) {
  switch (r) {
    case role::teacher: return "teacher";
    case role::library_staff: return "library_staff";
    case role::leader: return "leader";
    case role::admin: return "admin";
  }
  return "teacher";
}

std::optional<role> parse_role(std::string_view text) {
  if (text == "teacher") return role::teacher;
  if (text == "library_staff" || text == "library-staff" || text == "library") return role::library_staff;
  if (text == "leader") return role::leader;
  if (text == "admin") return role::admin;
  return std::nullopt;
}

std::string_view display_name(role r) {
  switch (r) {
    case role::teacher: return "teacher";
    case role::library_staff: return "library staff";
    case role::leader: return "leader";
    case role::admin: return "admin";
  }
  return "teacher";
}

}  // namespace commonsbot::core
