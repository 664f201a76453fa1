// Showing a report (see report.hpp): as a chat message for busy people, and as JSON or CSV
// for spreadsheets and whatever a school reports to its board.
#include "collab/report.hpp"

namespace commonsbot::collab {
namespace {

constexpr std::size_t chat_rows = 8;  // longer lists are cut in chat; JSON and CSV keep all

std::string say_in(const flows::message_catalog& m, std::string_view locale, std::string_view key,
                   const flows::variables& vars = {}) {
  return m.text(locale, key, vars);
}

std::vector<core::field> fields_of(const std::vector<tally>& rows, bool keep_zeros) {
  std::vector<core::field> out;
  for (const auto& t : rows)
    if ((keep_zeros || t.count > 0) && out.size() < chat_rows) out.push_back({t.label, std::to_string(t.count)});
  return out;
}

nlohmann::json tallies(const std::vector<tally>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : rows) out.push_back({{"id", t.id}, {"label", t.label}, {"count", t.count}});
  return out;
}

// RFC 4180 quoting, and a leading quote mark on text a spreadsheet would run as a formula.
std::string csv_cell(std::string s) {
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string period_label(const period& p, const flows::message_catalog& messages, std::string_view locale) {
  const flows::variables v{{"from", p.from}, {"to", p.to}, {"term", std::to_string(p.term)}, {"year", std::to_string(p.year)}};
  if (p.term > 0) return say_in(messages, locale, "report.term_label", v);
  if (p.year > 0) return say_in(messages, locale, "report.year_label", v);
  return say_in(messages, locale, "report.range_label", v);
}

core::message to_message(const report& r, const flows::message_catalog& m, std::string_view locale) {
  core::message out;
  const flows::variables when{{"period", period_label(r.when, m, locale)}, {"from", r.when.from}, {"to", r.when.to}};
  out.text = say_in(m, locale, "report.title", when);
  out.context = say_in(m, locale, "report.footer", when);
  if (r.unreadable > 0)
    out.context += "\n" + (r.unreadable == 1 ? say_in(m, locale, "report.unreadable_one")
                                             : say_in(m, locale, "report.unreadable", {{"count", std::to_string(r.unreadable)}}));
  if (r.collaborations == 0 && r.bookings == 0 && r.surveys.empty() && !r.digests.any) {
    out.text += "\n" + say_in(m, locale, "report.empty");
    return out;
  }
  out.sections.push_back({say_in(m, locale, "report.collaborations"),
                          say_in(m, locale, "report.collaborations_text", {{"total", std::to_string(r.collaborations)},
                                                                        {"planned", std::to_string(r.planned)},
                                                                        {"logged", std::to_string(r.logged)}}),
                          {}});
  if (r.collaborations > 0) {
    out.sections.push_back({say_in(m, locale, "report.levels"), "", fields_of(r.by_level, true)});
    out.sections.push_back({say_in(m, locale, "report.models"), "", fields_of(r.by_model, false)});
    out.sections.push_back({say_in(m, locale, "report.areas"), "", fields_of(r.by_area, false)});
    out.sections.push_back({say_in(m, locale, "report.years"), "", fields_of(r.by_year, false)});
    if (r.teachers_reached > 0)
      out.sections.push_back({say_in(m, locale, "report.teachers"),
                              say_in(m, locale, "report.teachers_text", {{"reached", std::to_string(r.teachers_reached)},
                                                                      {"returning", std::to_string(r.teachers_returning)}}),
                              fields_of(r.teachers, false)});
    if (r.planned > 0)
      out.sections.push_back({say_in(m, locale, "report.plans"),
                              say_in(m, locale, "report.plans_text", {{"planned", std::to_string(r.planned)},
                                                                   {"completed", std::to_string(r.plans_completed)},
                                                                   {"reflected", std::to_string(r.plans_reflected)},
                                                                   {"shared", std::to_string(r.plans_shared)}}),
                              {}});
  }
  if (r.bookings > 0) {
    out.sections.push_back({say_in(m, locale, "report.bookings"),
                            say_in(m, locale, "report.bookings_text", {{"count", std::to_string(r.bookings)}}),
                            fields_of(r.bookings_by_status, false)});
    core::section why{say_in(m, locale, "report.purposes"), "", {}};
    for (std::size_t i = 0; i < r.booking_list.size() && i < chat_rows; ++i) {
      const auto& b = r.booking_list[i];
      why.fields.push_back({b.date, b.purpose.empty() ? say_in(m, locale, "report.no_purpose") : b.purpose});
    }
    if (r.booking_list.size() > chat_rows)
      why.text = say_in(m, locale, "report.more", {{"count", std::to_string(r.booking_list.size() - chat_rows)}});
    out.sections.push_back(std::move(why));
  }
  for (const auto& s : r.surveys) {
    core::section sec;
    sec.title = say_in(m, locale, "report.survey", {{"date", s.date}, {"id", s.id}});
    sec.text = say_in(m, locale, "report.survey_text", {{"answered", std::to_string(s.answered)},
                                                     {"sent_to", std::to_string(s.sent_to)}});
    for (const auto& q : s.questions)
      sec.fields.push_back({q.text, say_in(m, locale, "report.survey_answers", {{"count", std::to_string(q.answered)}})});
    out.sections.push_back(std::move(sec));
  }
  if (r.digests.any) {
    const auto& d = r.digests;
    out.sections.push_back({say_in(m, locale, "report.digests"),
                            say_in(m, locale, "report.digests_text",
                                {{"subscribers", std::to_string(d.subscribers)}, {"digests", std::to_string(d.digests)},
                                 {"items", std::to_string(d.items)}, {"useful", std::to_string(d.useful)},
                                 {"not_for_me", std::to_string(d.not_for_me)},
                                 {"more_like_this", std::to_string(d.more_like_this)}}),
                            {}});
  }
  return out;
}

nlohmann::json to_json(const report& r) {
  nlohmann::json surveys = nlohmann::json::array();
  for (const auto& s : r.surveys) {
    nlohmann::json questions = nlohmann::json::array();
    for (const auto& q : s.questions)
      questions.push_back({{"id", q.id}, {"question", q.text}, {"answered", q.answered}, {"answers", q.answers}});
    surveys.push_back({{"id", s.id}, {"date", s.date}, {"open", s.open}, {"sent_to", s.sent_to},
                       {"answered", s.answered}, {"questions", std::move(questions)}});
  }
  nlohmann::json bookings = nlohmann::json::array();
  for (const auto& b : r.booking_list) bookings.push_back({{"date", b.date}, {"purpose", b.purpose}, {"status", b.status}});
  nlohmann::json out = {{"tenant", r.tenant},
          {"period", {{"from", r.when.from}, {"to", r.when.to}, {"term", r.when.term}, {"year", r.when.year}}},
          {"collaborations", {{"total", r.collaborations}, {"planned", r.planned}, {"logged", r.logged}}},
          {"by_level", tallies(r.by_level)},
          {"by_model", tallies(r.by_model)},
          {"by_learning_area", tallies(r.by_area)},
          {"by_year_level", tallies(r.by_year)},
          {"teachers", {{"reached", r.teachers_reached}, {"returning", r.teachers_returning}, {"list", tallies(r.teachers)}}},
          {"plans", {{"in_period", r.planned}, {"completed", r.plans_completed}, {"reflected", r.plans_reflected},
                     {"shared", r.plans_shared}}},
          {"bookings", {{"total", r.bookings}, {"by_status", tallies(r.bookings_by_status)}, {"list", std::move(bookings)}}},
          {"surveys", std::move(surveys)}};
  if (r.unreadable > 0) out["unreadable_records"] = r.unreadable;  // each named in the log
  if (r.digests.any)  // only where digests are in use, so other schools' reports stay as they were
    out["digests"] = {{"subscribers", r.digests.subscribers}, {"digests_sent", r.digests.digests},
                      {"items_sent", r.digests.items}, {"useful", r.digests.useful},
                      {"not_for_me", r.digests.not_for_me}, {"more_like_this", r.digests.more_like_this}};
  return out;
}

std::string to_csv(const report& r) {
  std::string out = "section,item,label,value\r\n";
  auto row = [&out](std::string_view section, const std::string& item, const std::string& label, const std::string& value) {
    out += std::string(section) + "," + csv_cell(item) + "," + csv_cell(label) + "," + csv_cell(value) + "\r\n";
  };
  auto rows = [&](std::string_view section, const std::vector<tally>& list) {
    for (const auto& t : list) row(section, t.id, t.label, std::to_string(t.count));
  };
  row("report", "tenant", "", r.tenant);
  row("period", "from", "", r.when.from);
  row("period", "to", "", r.when.to);
  row("collaborations", "total", "", std::to_string(r.collaborations));
  row("collaborations", "planned", "", std::to_string(r.planned));
  row("collaborations", "logged", "", std::to_string(r.logged));
  rows("level", r.by_level);
  rows("model", r.by_model);
  rows("learning_area", r.by_area);
  rows("year_level", r.by_year);
  row("teachers", "reached", "", std::to_string(r.teachers_reached));
  row("teachers", "returning", "", std::to_string(r.teachers_returning));
  rows("teacher", r.teachers);
  row("plans", "completed", "", std::to_string(r.plans_completed));
  row("plans", "reflected", "", std::to_string(r.plans_reflected));
  row("plans", "shared", "", std::to_string(r.plans_shared));
  row("bookings", "total", "", std::to_string(r.bookings));
  rows("booking_status", r.bookings_by_status);
  for (const auto& b : r.booking_list) row("booking", b.date, b.purpose, b.status);
  for (const auto& s : r.surveys) {
    row("survey_answered", s.id, s.date, std::to_string(s.answered));
    row("survey_sent_to", s.id, s.date, std::to_string(s.sent_to));
    for (const auto& q : s.questions) row("survey_question", s.id + "/" + q.id, q.text, std::to_string(q.answered));
  }
  if (r.digests.any) {
    row("digests", "subscribers", "", std::to_string(r.digests.subscribers));
    row("digests", "digests_sent", "", std::to_string(r.digests.digests));
    row("digests", "items_sent", "", std::to_string(r.digests.items));
    row("digests", "useful", "", std::to_string(r.digests.useful));
    row("digests", "not_for_me", "", std::to_string(r.digests.not_for_me));
    row("digests", "more_like_this", "", std::to_string(r.digests.more_like_this));
  }
  return out;
}

}  // namespace commonsbot::collab
