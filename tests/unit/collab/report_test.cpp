// The evidence report: periods and dates, the pure builder, its renderings, and the flow.
#include "collab/log_entry.hpp"
#include "collab/report.hpp"
#include "collab/survey_record.hpp"
#include "evidence_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::test::ev;
using collab::period;

namespace {

collab::log_entry log_at(const std::string& id, const std::string& date, std::vector<std::string> with,
                         const std::string& level, const std::string& area = "", const std::string& year = "") {
  collab::log_entry e;
  e.id = id;
  e.tenant = "school";
  e.by = "console:aroha";
  e.with = std::move(with);
  e.level = level;
  e.learning_area = area;
  e.year_level = year;
  e.date = date;
  return e;
}

const collab::tally* row(const std::vector<collab::tally>& rows, const std::string& id) {
  for (const auto& t : rows)
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE("dates are New Zealand dates, and terms cover the year", "[collab][report]") {
  CHECK(collab::iso(collab::civil_from_days(collab::days_from_civil({2025, 3, 10}))) == "2025-03-10");
  CHECK(collab::days_from_civil({1970, 1, 1}) == 0);
  CHECK(collab::nz_date(monday_ms) == "2025-03-10");
  // 2025-03-09 11:30 UTC is 00:30 on the 10th in NZDT (UTC+13).
  CHECK(collab::nz_date(monday_ms - 13 * 3'600'000LL - 30 * 60'000LL) == "2025-03-10");
  CHECK(collab::nz_date(monday_ms - 14 * 3'600'000LL) == "2025-03-10");  // midnight
  CHECK(collab::nz_date(monday_ms - 14 * 3'600'000LL - 60'000LL) == "2025-03-09");
  // Winter: UTC+12. 2025-06-30 12:30 UTC is 00:30 on 1 July.
  const long long june30 = collab::days_from_civil({2025, 6, 30}) * day_ms;
  CHECK(collab::nz_date(june30 + 12 * 3'600'000LL + 30 * 60'000LL) == "2025-07-01");
  CHECK(collab::nz_date(june30 + 11 * 3'600'000LL + 30 * 60'000LL) == "2025-06-30");
  // Daylight time ends on 6 April 2025 at 03:00 NZDT (14:00 UTC on the 5th).
  const long long april5 = collab::days_from_civil({2025, 4, 5}) * day_ms;
  CHECK(collab::nz_date(april5 + 10 * 3'600'000LL + 30 * 60'000LL) == "2025-04-05");  // 22:30 NZST
  CHECK(collab::nz_date(april5 + 10 * 3'600'000LL + 59 * 60'000LL) == "2025-04-05");
  CHECK(collab::nz_date(april5 + 11 * 3'600'000LL) == "2025-04-06");  // 00:00 NZDT

  CHECK(collab::parse_date("2024-02-29"));
  CHECK_FALSE(collab::parse_date("2025-02-29"));
  CHECK_FALSE(collab::parse_date("2025-13-01"));
  CHECK_FALSE(collab::parse_date("10/03/2025"));

  const auto t1 = collab::school_term(2025, 1);
  CHECK(t1.from == "2025-01-01");
  CHECK(t1.to == "2025-04-30");
  CHECK(collab::term_of("2025-07-15").term == 2);
  CHECK(collab::term_of("2025-07-16").term == 3);
  CHECK(collab::term_of("2025-12-31").term == 4);
  CHECK(collab::term_of("2025-01-20").term == 1);
  CHECK(t1.overlaps("2024-12-01", "2025-01-02"));
  CHECK_FALSE(t1.overlaps("2025-05-01", "2025-06-01"));
  CHECK(t1.overlaps("", "2025-03-01"));
  CHECK_FALSE(t1.overlaps("", ""));
}

TEST_CASE("what people type after /library report", "[collab][report]") {
  std::string why;
  auto p = collab::parse_period("", "2025-03-10", why);
  REQUIRE(p);
  CHECK(p->term == 1);
  CHECK(p->year == 2025);
  p = collab::parse_period("term 3", "2025-03-10", why);
  REQUIRE(p);
  CHECK(p->from == "2025-07-16");
  p = collab::parse_period("T2 2024", "2025-03-10", why);
  REQUIRE(p);
  CHECK(p->from == "2024-05-01");
  CHECK(p->to == "2024-07-15");
  p = collab::parse_period("4", "2025-03-10", why);
  REQUIRE(p);
  CHECK(p->term == 4);
  p = collab::parse_period("2024", "2025-03-10", why);
  REQUIRE(p);
  CHECK(p->from == "2024-01-01");
  CHECK(p->to == "2024-12-31");
  CHECK(p->term == 0);
  p = collab::parse_period("2025-02-03 2025-04-11", "2025-03-10", why);
  REQUIRE(p);
  CHECK(p->from == "2025-02-03");
  CHECK(p->to == "2025-04-11");
  CHECK(p->year == 0);

  CHECK_FALSE(collab::parse_period("2025-04-11 2025-02-03", "2025-03-10", why));
  CHECK(why == "report.dates_backwards");
  CHECK_FALSE(collab::parse_period("2025-02-30 2025-04-11", "2025-03-10", why));
  CHECK(why == "report.bad_date");
  CHECK_FALSE(collab::parse_period("term 5", "2025-03-10", why));
  CHECK(why == "report.bad_period");
  CHECK_FALSE(collab::parse_period("last week", "2025-03-10", why));
}

TEST_CASE("the report counts plans at their continuum level, logs, teachers, bookings and surveys", "[collab][report]") {
  fixture f;
  collab::report_input in;
  in.tenant = "school";
  in.when = collab::school_term(2025, 1);
  in.roles = {{f.aroha, core::role::library_staff}, {f.sam, core::role::teacher}, {f.tama, core::role::teacher}};
  in.names = {{f.sam, "Sam"}, {f.tama, "Tama"}};

  collab::plan volcanoes;  // dated by its start and end, inside Term 1
  volcanoes.id = "p1";
  volcanoes.title = "Volcanoes";
  volcanoes.partners = {f.sam, f.aroha};
  volcanoes.support = "co-assess";
  volcanoes.model = "team";
  volcanoes.learning_areas = {"Science", "English"};
  volcanoes.year_levels = {"5"};
  volcanoes.starts = "2025-02-10";
  volcanoes.ends = "2025-04-04";
  volcanoes.status = collab::plan_status::reflected;
  volcanoes.reflections.push_back({});
  volcanoes.shared = true;
  collab::plan rivers = volcanoes;  // no dates: counted on the day it was made
  rivers.id = "p2";
  rivers.starts = rivers.ends = "";
  rivers.created_ms = monday_ms;
  rivers.support = "co-plan";
  rivers.model = "";
  rivers.learning_areas = {"science "};
  rivers.status = collab::plan_status::open;
  rivers.reflections.clear();
  rivers.shared = false;
  rivers.partners = {f.tama, f.aroha};
  collab::plan later = volcanoes;  // Term 2: left out
  later.id = "p3";
  later.starts = "2025-05-05";
  later.ends = "2025-06-01";
  in.plans = {volcanoes, rivers, later};
  in.logs = {log_at("l1", "2025-03-01", {f.sam}, "resources", "Science", "5"),
             log_at("l2", "2025-03-02", {f.sam, f.aroha}, "co-assess"),
             log_at("l3", "2024-12-01", {f.tama}, "co-teach")};  // last year: left out
  in.bookings = {{{"date", "2025-03-04"}, {"purpose", "Research for the science fair"}, {"status", "ready"}},
                 {{"date", "2025-02-20"}, {"purpose", "Book swap"}},  // no status yet
                 {{"date", "2025-06-01"}, {"purpose", "Term 2"}, {"status", "ready"}},
                 {{"purpose", "no date"}},
                 {{"date", 42}},
                 nlohmann::json::array()};
  collab::survey sv;
  sv.id = "s1";
  sv.date = "2025-02-15";
  sv.sent_to = {f.sam, f.tama};
  sv.questions = {{"units", "What units?", ""}, {"resources", "Which resources?", ""}};
  in.surveys = {sv};
  in.answers = {{"s1", "school", f.sam, "Sam", {{"units", "Poetry"}, {"resources", ""}}, 0},
                {"s9", "school", f.tama, "Tama", {{"units", "Other survey"}}, 0}};

  const auto r = collab::build_report(in, &f.words, f.reg.messages(), "en-NZ");
  CHECK(r.collaborations == 4);
  CHECK(r.planned == 2);
  CHECK(r.logged == 2);
  // Every level is listed, in order, zeros included: that is how movement shows.
  REQUIRE(r.by_level.size() == 4);
  CHECK(r.by_level[0].id == "resources");
  CHECK(r.by_level[0].label == "Supplying resources");
  CHECK(r.by_level[0].count == 1);
  CHECK(row(r.by_level, "co-plan")->count == 1);
  CHECK(row(r.by_level, "co-teach")->count == 0);
  CHECK(row(r.by_level, "co-assess")->count == 2);  // the Volcanoes plan and log l2
  CHECK(row(r.by_model, "team")->count == 1);
  CHECK(row(r.by_model, "team")->label == "Team teaching");
  CHECK(row(r.by_model, "none")->count == 3);
  CHECK(row(r.by_area, "science")->count == 3);  // "Science" and "science " are one area
  CHECK(row(r.by_area, "english")->count == 1);
  CHECK(row(r.by_area, "")->count == 1);         // l2 had none
  CHECK(r.by_area.front().id == "science");      // most first
  CHECK(row(r.by_year, "5")->count == 3);
  CHECK(r.teachers_reached == 2);  // Aroha is library staff: not a teacher reached
  CHECK(r.teachers_returning == 1);
  CHECK(row(r.teachers, f.sam)->count == 3);
  CHECK(row(r.teachers, f.sam)->label == "Sam");
  CHECK(row(r.teachers, f.tama)->count == 1);
  CHECK(r.plans_completed == 1);
  CHECK(r.plans_reflected == 1);
  CHECK(r.plans_shared == 1);
  CHECK(r.bookings == 2);
  REQUIRE(r.booking_list.size() == 2);
  CHECK(r.booking_list[0].date == "2025-02-20");  // by date
  CHECK(r.booking_list[0].status == "requested");
  CHECK(row(r.bookings_by_status, "ready")->label == "Ready");
  REQUIRE(r.surveys.size() == 1);
  CHECK(r.surveys[0].sent_to == 2);
  CHECK(r.surveys[0].answered == 1);
  CHECK(r.surveys[0].questions[0].answered == 1);
  CHECK(r.surveys[0].questions[0].answers == std::vector<std::string>{"Sam: Poetry"});
  CHECK(r.surveys[0].questions[1].answered == 0);

  const std::string text = core::plain_text(collab::to_message(r, f.reg.messages(), "en-NZ"));
  CHECK(has(text, "Evidence report: Term 1 2025 (2025-01-01 to 2025-04-30)"));
  CHECK(has(text, "4 in all (2 from unit plans, 2 logged)."));
  CHECK(has(text, "Designing, teaching and assessing together: 2"));
  CHECK(has(text, "Teaching together: 0"));
  CHECK(has(text, "Teachers reached: 2; more than once: 1."));
  CHECK(has(text, "Sam: 3\nTama: 1"));
  CHECK(has(text, "Units: 2; finished: 1; reflected on: 1; shared with the staff: 1."));
  CHECK(has(text, "2025-03-04: Research for the science fair"));
  CHECK(has(text, "Needs survey sent 2025-02-15"));
  CHECK(has(text, "What units?: 1 answered"));
  CHECK(has(text, "commonsbot report --from 2025-01-01 --to 2025-04-30 --format csv"));

  const auto j = collab::to_json(r);
  CHECK(j["period"]["from"] == "2025-01-01");
  CHECK(j["collaborations"]["total"] == 4);
  CHECK(j["by_level"][3]["id"] == "co-assess");
  CHECK(j["by_level"][3]["count"] == 2);
  CHECK(j["teachers"]["returning"] == 1);
  CHECK(j["bookings"]["list"].size() == 2);
  CHECK(j["surveys"][0]["questions"][0]["answers"][0] == "Sam: Poetry");

  const std::string csv = collab::to_csv(r);
  CHECK(csv.starts_with("section,item,label,value\r\n"));
  CHECK(has(csv, "level,co-assess,\"Designing, teaching and assessing together\",2\r\n"));
  CHECK(has(csv, "collaborations,total,,4\r\n"));
  CHECK(has(csv, "teachers,returning,,1\r\n"));
  CHECK(has(csv, "booking,2025-03-04,Research for the science fair,ready\r\n"));
  CHECK(has(csv, "survey_question,s1/units,What units?,1\r\n"));
}

TEST_CASE("CSV cells are quoted, and formulas are defused", "[collab][report]") {
  collab::report r;
  r.when = {"2025-01-01", "2025-04-30", 1, 2025};
  r.booking_list = {{"2025-02-01", "=HYPERLINK(\"x\")", "ready"}, {"2025-02-02", "Line one\nline \"two\"", "ready"}};
  const std::string csv = collab::to_csv(r);
  CHECK(has(csv, "booking,2025-02-01,\"'=HYPERLINK(\"\"x\"\")\",ready\r\n"));
  CHECK(has(csv, "booking,2025-02-02,\"Line one\nline \"\"two\"\"\",ready\r\n"));
}

TEST_CASE("an empty period says how to start, and bad records are skipped, counted and said", "[collab][report]") {
  fixture f;
  f.put("collab_log", "school/l1", "not an object");
  f.put("collab_log", "school/l2", {{"id", 5}, {"date", nullptr}, {"with", "sam"}});
  f.put("plans", "school/p1", {{"title", 7}, {"partners", "nobody"}});
  f.put("bookings", "school/b1", {{"date", "2025-03-01"}, {"purpose", 12}});
  f.put("surveys", "school/s1", {{"questions", "none"}});
  f.put("survey_answers", "school/s1/x", 3);
  const auto in = collab::gather_report(f.view, "school", collab::school_term(2025, 1));
  CHECK(in.logs.size() == 1);  // l2 is read as far as it can be; l1 is not a record at all
  CHECK(in.bookings.size() == 1);
  CHECK(in.unreadable == 3);
  const auto r = collab::build_report(in, &f.words, f.reg.messages(), "en-NZ");
  CHECK(r.collaborations == 0);
  CHECK(r.bookings == 1);
  CHECK(r.booking_list[0].purpose.empty());
  CHECK(r.unreadable == 3);
  const std::string said = core::plain_text(collab::to_message(r, f.reg.messages(), "en-NZ"));
  CHECK(has(said, "3 records couldn't be read, so they aren't counted here."));

  const auto none = collab::build_report(collab::gather_report(f.view, "school", collab::school_term(2024, 2)), &f.words,
                                         f.reg.messages(), "en-NZ");
  const std::string text = core::plain_text(collab::to_message(none, f.reg.messages(), "en-NZ"));
  CHECK(has(text, "Nothing recorded for this period yet. Log work with teachers using /library log"));

  collab::report one;
  one.when = none.when;
  one.unreadable = 1;
  CHECK(has(core::plain_text(collab::to_message(one, f.reg.messages(), "en-NZ")),
            "One record couldn't be read, so it isn't counted here."));
}

TEST_CASE("/library report: this term by default, a term or dates, re-asked when unclear", "[collab][report]") {
  fixture f;
  f.add_plan("p1", "Volcanoes", {f.sam, f.aroha}, collab::plan_status::completed, "co-teach");
  f.say("Aroha", "/library log @Tama");
  f.say("Aroha", "Found picture books for the poetry unit.");
  f.say("Aroha", "1");
  f.say("Aroha", "4");
  f.say("Aroha", "English");
  f.say("Aroha", "skip");
  f.say("Aroha", "yes");

  auto out = f.say("Mere", "/library report");
  CHECK(has(out, "Evidence report: Term 1 2025"));
  CHECK(has(out, "2 in all (1 from unit plans, 1 logged)."));
  CHECK(has(out, "Teaching together: 1"));  // the plan, at its level
  CHECK(has(out, "Supplying resources: 1"));
  CHECK(has(out, "Teachers reached: 2;"));
  CHECK_FALSE(f.in_flow("Mere"));

  out = f.say("Aroha", "/library report term 2");
  CHECK(has(out, "Term 2 2025"));
  CHECK(has(out, "Nothing recorded for this period yet."));

  out = f.say("Aroha", "/library report next week");
  CHECK(has(out, "I couldn't read \"next week\" as a period."));
  CHECK(has(out, "For example: term 1"));
  CHECK(has(out, "Which period would you like?"));
  out = f.say("Aroha", "2025-13-01 2025-14-01");
  CHECK(has(out, "has a date I can't read"));
  out = f.say("Aroha", "2025-03-01 2025-03-31");
  CHECK(has(out, "Evidence report: 2025-03-01 to 2025-03-31"));
  CHECK(has(out, "Supplying resources: 1"));
  CHECK(has(out, "1 in all (0 from unit plans, 1 logged)"));  // the plan has no dates and was made on 2025-02-18
  CHECK_FALSE(f.in_flow("Aroha"));

  out = f.say("Sam", "/library report");
  CHECK(has(out, "/library report is for library staff or leader. You're set up as teacher"));
}
