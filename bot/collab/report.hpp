// The evidence report: what collaboration between the library and teachers achieved over a
// period. The guide asks library staff to collect evidence, show movement along the
// collaboration continuum and keep leaders informed; this is that evidence, counted.
//
// Pure: records in (report_input), a report out, then rendered as a chat message, JSON or
// CSV. `/library report` and `commonsbot report` share every line of it.
#pragma once

#include "collab/log_entry.hpp"
#include "collab/plan.hpp"
#include "collab/report_dates.hpp"
#include "collab/survey_record.hpp"
#include "core/message.hpp"
#include "core/role.hpp"
#include "flows/message_catalog.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::flows {
class record_view;
}

namespace commonsbot::collab {

class content;

// Everything a report is made from. Records outside the period are filtered by the builder,
// so gathering can stay simple.
struct report_input {
  std::string tenant;
  period when;
  std::vector<log_entry> logs;
  std::vector<plan> plans;
  std::vector<nlohmann::json> bookings;  // as stored; read defensively (date, purpose, status)
  std::vector<survey> surveys;
  std::vector<survey_response> answers;
  std::map<std::string, core::role> roles;   // person key -> role: library staff aren't "teachers reached"
  std::map<std::string, std::string> names;  // person key -> display name
  // Digest records as stored, by key ("<tenant>/<person key>"), read as JSON so collab need
  // not link the digest library; read defensively. The profiles ("digest_profiles":
  // subscribed, and the feedback counts) and what sending did ("digest_sent": digests and
  // items). A profile from before "digest_sent" still carries counts.digests/items; those
  // count until a "digest_sent" record for the same key exists.
  std::map<std::string, nlohmann::json> digest_profiles;
  std::map<std::string, nlohmann::json> digest_sent;
  // Records of the tenant that could not be read (each logged with its key): the report
  // says how many, so nobody mistakes a damaged record for work that never happened.
  int unreadable = 0;
};

// The reach of current-awareness digests and what teachers said about them. The counts come
// from each teacher's running totals (profile and sent records), so they cover every digest
// so far, not just the period.
struct digest_reach {
  bool any = false;  // someone has a digest profile: show the section
  int subscribers = 0;
  int digests = 0;
  int items = 0;
  int useful = 0;
  int not_for_me = 0;
  int more_like_this = 0;
  bool operator==(const digest_reach&) const = default;
};

// One row of a breakdown: "co-teach" / "Co-teaching" / 3.
struct tally {
  std::string id;
  std::string label;
  int count = 0;
  bool operator==(const tally&) const = default;
};

struct booking_line {
  std::string date, purpose, status;
  bool operator==(const booking_line&) const = default;
};

struct survey_summary {
  struct question {
    std::string id, text;
    int answered = 0;                  // teachers who gave an answer (not "skip")
    std::vector<std::string> answers;  // "Sam: Year 6 poetry"
    bool operator==(const question&) const = default;
  };
  std::string id, date;
  bool open = false;
  int sent_to = 0;
  int answered = 0;  // teachers who sent answers
  std::vector<question> questions;
  bool operator==(const survey_summary&) const = default;
};

struct report {
  std::string tenant;
  period when;
  int collaborations = 0;  // plans + logs in the period
  int planned = 0;
  int logged = 0;
  std::vector<tally> by_level;  // every continuum level in order, zeros included
  std::vector<tally> by_model;  // every model, then "none"
  std::vector<tally> by_area;   // as typed, grouped ignoring case; most first
  std::vector<tally> by_year;
  std::vector<tally> teachers;  // id = person key, label = name, count = collaborations
  int teachers_reached = 0;
  int teachers_returning = 0;   // more than one collaboration in the period
  int plans_completed = 0;      // finished (completed or reflected)
  int plans_reflected = 0;
  int plans_shared = 0;
  int bookings = 0;
  std::vector<tally> bookings_by_status;
  std::vector<booking_line> booking_list;  // by date
  std::vector<survey_summary> surveys;
  digest_reach digests;
  int unreadable = 0;  // records left out because they could not be read
};

// Counts `in`. Level and model names come from `words` (templates/content) in `locale`;
// `words` may be null (ids are shown instead).
report build_report(const report_input& in, const content* words, const flows::message_catalog& messages,
                    std::string_view locale);

// Reads what a report needs for `tenant` from the records (people, plans, collab_log,
// bookings, surveys, survey_answers), skipping anything unreadable: each such record is
// logged (collection and key) and counted in `unreadable`.
report_input gather_report(const flows::record_view& records, std::string_view tenant, const period& when);

// The report as a chat message, as JSON, and as CSV (columns section,item,label,value).
core::message to_message(const report& r, const flows::message_catalog& messages, std::string_view locale);
nlohmann::json to_json(const report& r);
std::string to_csv(const report& r);

// "Term 1 2025 (2025-01-01 to 2025-04-30)" in the reader's words.
std::string period_label(const period& p, const flows::message_catalog& messages, std::string_view locale);

}  // namespace commonsbot::collab
