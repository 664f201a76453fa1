#include "collab/booking_words.hpp"

#include "collab/booking_dates.hpp"
#include "collab/profile_fields.hpp"

namespace commonsbot::collab::booking_words {

using namespace people;

long long today_for(const core::person& p, long long now_ms, const time_zones& zones) {
  const int offset = p.time_zone.empty() ? 0 : zones.offset(p.time_zone, now_ms / 1000).value_or(0);
  return local_day(now_ms, offset);
}

std::string date_label(const flows::message_catalog& m, const std::string& locale, const std::string& iso_date,
                       long long today) {
  auto d = parse_iso_date(iso_date);
  if (!d) return iso_date;
  const auto days = split_list(m.text(locale, "booking.weekdays"));
  const auto months = split_list(m.text(locale, "booking.months"));
  const auto wd = static_cast<std::size_t>(weekday(days_from_civil(*d)));
  const auto mo = static_cast<std::size_t>(d->month - 1);
  if (days.size() != 7 || months.size() != 12) return iso_date;
  std::string label = days[wd] + " " + std::to_string(d->day) + " " + months[mo];
  if (d->year != civil_from_days(today).year) label += " " + std::to_string(d->year);
  return label;
}

std::string when_label(const flows::message_catalog& m, const std::string& locale, const booking& b, long long today) {
  std::string when = date_label(m, locale, b.date, today);
  if (!b.time.empty()) when += ", " + b.time;
  return when;
}

std::string year_label(const flows::message_catalog& m, const std::string& locale, const std::string& level) {
  if (level == "NE") return m.text(locale, "booking.year_ne");
  return m.text(locale, level.find('-') == std::string::npos ? "booking.year_one" : "booking.year_range", {{"level", level}});
}

std::string status_label(const flows::message_catalog& m, const std::string& locale, const booking& b) {
  return m.text(locale, "booking.status." + std::string(to_string(b.status)), {{"by", b.answered_by_name}});
}

std::vector<core::field> detail_fields(const flows::message_catalog& m, const std::string& locale, const booking& b,
                                       bool with_status) {
  auto or_none = [&](const std::string& v) { return v.empty() ? m.text(locale, "booking.none_given") : v; };
  std::vector<core::field> f{{m.text(locale, "booking.field_class"), year_label(m, locale, b.year_level) + " " + b.class_name},
                             {m.text(locale, "booking.field_teacher"), b.teacher_name},
                             {m.text(locale, "booking.field_purpose"), b.purpose},
                             {m.text(locale, "booking.field_plan"), or_none(b.lesson_plan)},
                             {m.text(locale, "booking.field_needs"), or_none(b.needs)}};
  if (with_status) f.push_back({m.text(locale, "booking.field_status"), status_label(m, locale, b)});
  return f;
}

core::message staff_card(const flows::message_catalog& m, const std::string& locale, const booking& b, long long today) {
  core::message card;
  card.text = m.text(locale, "booking.card_title", {{"teacher", b.teacher_name}, {"id", b.id}});
  card.sections.push_back({when_label(m, locale, b, today), "", detail_fields(m, locale, b, false)});
  card.choices.push_back({flows::record_button("bookings.answer", b.id + "/ready"), m.text(locale, "booking.ready"), "ready"});
  card.choices.push_back({flows::record_button("bookings.answer", b.id + "/talk"), m.text(locale, "booking.talk"), "talk"});
  card.context = m.text(locale, "booking.card_help");
  return card;
}

}  // namespace commonsbot::collab::booking_words
