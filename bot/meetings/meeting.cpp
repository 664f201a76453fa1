#include "meetings/meeting.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace commonsbot::meetings {
namespace {

constexpr std::array<std::string_view, 4> kinds{"syndicate", "department", "staff", "other"};

}  // namespace

std::string meeting::key() const { return core::tenant_key(tenant, id); }

std::vector<std::string> check(const meeting& m) {
  std::vector<std::string> problems;
  // The id ends up in job ids ("nudge-<id>-0") and fire ids ("...@<time>"), hence no '/' or '@'.
  if (m.id.empty() || m.id.find_first_of("/@ \t") != std::string::npos)
    problems.push_back("a meeting needs an id without spaces, '/' or '@' (e.g. m-syndicate)");
  if (m.tenant.empty() || m.tenant.find('/') != std::string::npos) problems.push_back("a meeting needs a school (tenant) id without '/'");
  if (m.name.empty()) problems.push_back("give the meeting a name (e.g. Years 5-6 syndicate)");
  if (std::find(kinds.begin(), kinds.end(), m.kind) == kinds.end())
    problems.push_back("kind \"" + m.kind + "\" is not syndicate, department, staff or other");
  if (m.duration_minutes < 1 || m.duration_minutes > 24 * 60) problems.push_back("the length must be 1 to 1440 minutes");
  for (const auto& a : m.attendees)
    if (a.find(':') == std::string::npos || a.front() == ':' || a.back() == ':')
      problems.push_back("attendee \"" + a + "\" is not a person key; write platform:user, e.g. slack:U0123ABCD");
  if (m.when.every == schedule::recurrence::cadence::fortnightly && m.when.anchor == schedule::civil_date{})
    problems.push_back("a fortnightly meeting needs an anchor: any date in a week that has the meeting");
  for (auto& p : schedule::check(m.when)) problems.push_back(std::move(p));
  return problems;
}

void to_json(nlohmann::json& j, const group& g) {
  j = {{"learning_areas", g.learning_areas}, {"year_levels", g.year_levels}, {"team", g.team}};
}

void from_json(const nlohmann::json& j, group& g) {
  g = {};
  g.learning_areas = j.value("learning_areas", std::vector<std::string>{});
  g.year_levels = j.value("year_levels", std::vector<std::string>{});
  g.team = j.value("team", std::string());
}

void to_json(nlohmann::json& j, const meeting& m) {
  j = {{"id", m.id},
       {"tenant", m.tenant},
       {"name", m.name},
       {"kind", m.kind},
       {"plans_for", m.plans_for},
       {"attendees", m.attendees},
       {"when", m.when},
       {"school_terms_only", m.school_terms_only},
       {"duration_minutes", m.duration_minutes},
       {"nudges", m.nudges},
       {"location", m.location},
       {"source", m.source},
       {"created_by", m.created_by},
       {"created_ms", m.created_ms}};
}

void from_json(const nlohmann::json& j, meeting& m) {
  m = {};
  m.id = j.at("id").get<std::string>();
  m.tenant = j.at("tenant").get<std::string>();
  m.name = j.value("name", std::string());
  m.kind = j.value("kind", std::string("syndicate"));
  if (j.contains("plans_for")) m.plans_for = j["plans_for"].get<group>();
  m.attendees = j.value("attendees", std::vector<std::string>{});
  m.when = j.at("when").get<schedule::recurrence>();
  m.school_terms_only = j.value("school_terms_only", true);
  m.duration_minutes = j.value("duration_minutes", 60);
  if (j.contains("nudges")) m.nudges = j["nudges"].get<std::vector<nudge_rule>>();
  m.location = j.value("location", std::string());
  m.source = j.value("source", std::string("chat"));
  m.created_by = j.value("created_by", std::string());
  m.created_ms = j.value("created_ms", 0LL);
}

}  // namespace commonsbot::meetings
