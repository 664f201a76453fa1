// A library booking: a teacher asks to bring a class to the library and says why, so the
// visit can become shared teaching rather than a book swap. Library staff answer "ready" or
// "need to talk". Stored in the "bookings" collection under "<tenant>/<id>".
#pragma once

#include "flows/action.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>

#include <string>
#include <string_view>

namespace commonsbot::collab {

inline constexpr std::string_view bookings_collection = "bookings";

enum class booking_status { requested, ready, talk };

struct booking {
  std::string id;            // short and typeable: "b3"
  std::string tenant;
  std::string teacher;       // person key ("platform:user") of whoever booked
  std::string teacher_name;
  std::string date;          // "YYYY-MM-DD"
  std::string time;          // "10:30", "13:15-14:00", "period 3", "lunchtime"
  std::string year_level;    // "5", "5-6", "NE"
  std::string class_name;    // "5R", "Room 12"
  std::string purpose;       // what students will learn or do
  std::string lesson_plan;   // a link or a short summary; may be empty
  std::string needs;         // resources wanted; may be empty
  booking_status status = booking_status::requested;
  std::string answered_by;   // person key of the library staff member who answered
  std::string answered_by_name;
  long long answered_ms = 0;
  long long created_ms = 0;

  std::string key() const;   // "<tenant>/<id>"
  bool operator==(const booking&) const = default;
};

std::string_view to_string(booking_status s);
void to_json(nlohmann::json& j, const booking& b);
void from_json(const nlohmann::json& j, booking& b);

// Reads a stored booking; nullopt if missing or unreadable.
std::optional<booking> find_booking(const flows::record_view& records, std::string_view tenant, std::string_view id);

}  // namespace commonsbot::collab
