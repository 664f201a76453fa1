// How bookings are put into words: dates, year levels, status, the card library staff get,
// and "today" for the person reading. Shared by the intake and the answers.
#pragma once

#include "collab/action_text.hpp"
#include "collab/booking.hpp"
#include "collab/profile_zones.hpp"
#include "core/message.hpp"
#include "core/person.hpp"
#include "flows/engine.hpp"

#include <string>

namespace commonsbot::collab::booking_words {

// Today (days since the epoch) where `p` is: their profile's time zone, else UTC.
long long today_for(const core::person& p, long long now_ms, const people::time_zones& zones);

// "Friday 14 March" (with the year when it isn't `today`'s), from "YYYY-MM-DD".
std::string date_label(const flows::message_catalog& m, const std::string& locale, const std::string& iso_date,
                       long long today);
// "Friday 14 March, period 3".
std::string when_label(const flows::message_catalog& m, const std::string& locale, const booking& b, long long today);
// "Year 5", "Years 5-6", "New entrants".
std::string year_label(const flows::message_catalog& m, const std::string& locale, const std::string& level);
// "waiting for an answer", "ready (Aroha)", "Aroha would like to talk first".
std::string status_label(const flows::message_catalog& m, const std::string& locale, const booking& b);

// The card a library staff member gets for a new booking, in their language, with the
// "Ready" and "Need to talk" buttons.
core::message staff_card(const flows::message_catalog& m, const std::string& locale, const booking& b, long long today);

// The booking's details as fields (purpose, lesson plan, needs, status), for cards and lists.
std::vector<core::field> detail_fields(const flows::message_catalog& m, const std::string& locale, const booking& b,
                                       bool with_status);

}  // namespace commonsbot::collab::booking_words
