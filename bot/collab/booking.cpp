#include "collab/booking.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab {
NLOHMANN_JSON_SERIALIZE_ENUM(booking_status, {{booking_status::requested, "requested"},
                                              {booking_status::ready, "ready"},
                                              {booking_status::talk, "talk"}})

std::string booking::key() const { return core::tenant_key(tenant, id); }

std::string_view to_string(booking_status s) {
  switch (s) {
    case booking_status::requested: return "requested";
    case booking_status::ready: return "ready";
    case booking_status::talk: return "talk";
  }
  return "requested";
}

void to_json(nlohmann::json& j, const booking& b) {
  j = {{"id", b.id},
       {"tenant", b.tenant},
       {"teacher", b.teacher},
       {"teacher_name", b.teacher_name},
       {"date", b.date},
       {"time", b.time},
       {"year_level", b.year_level},
       {"class_name", b.class_name},
       {"purpose", b.purpose},
       {"lesson_plan", b.lesson_plan},
       {"needs", b.needs},
       {"status", b.status},
       {"answered_by", b.answered_by},
       {"answered_by_name", b.answered_by_name},
       {"answered_ms", b.answered_ms},
       {"created_ms", b.created_ms}};
}

void from_json(const nlohmann::json& j, booking& b) {
  b.id = j.value("id", "");
  b.tenant = j.value("tenant", "");
  b.teacher = j.value("teacher", "");
  b.teacher_name = j.value("teacher_name", "");
  b.date = j.value("date", "");
  b.time = j.value("time", "");
  b.year_level = j.value("year_level", "");
  b.class_name = j.value("class_name", "");
  b.purpose = j.value("purpose", "");
  b.lesson_plan = j.value("lesson_plan", "");
  b.needs = j.value("needs", "");
  b.status = j.value("status", booking_status::requested);
  b.answered_by = j.value("answered_by", "");
  b.answered_by_name = j.value("answered_by_name", "");
  b.answered_ms = j.value("answered_ms", 0LL);
  b.created_ms = j.value("created_ms", 0LL);
}

std::optional<booking> find_booking(const flows::record_view& records, std::string_view tenant, std::string_view id) {
  auto stored = records.get(bookings_collection, core::tenant_key(tenant, id));
  if (!stored) return std::nullopt;
  try {
    return stored->get<booking>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace commonsbot::collab
