#include "collab/plan.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::collab {

std::string plan::key() const { return core::tenant_key(tenant, id); }

bool plan::has_partner(std::string_view person_key) const {
  return std::find(partners.begin(), partners.end(), person_key) != partners.end();
}

std::size_t plan::ticked_count() const {
  return static_cast<std::size_t>(std::count_if(checklist.begin(), checklist.end(), [](const plan_item& i) { return i.ticked; }));
}

std::string_view to_string(plan_status s) {
  switch (s) {
    case plan_status::open: return "open";
    case plan_status::completed: return "completed";
    case plan_status::reflected: return "reflected";
  }
  return "open";
}

NLOHMANN_JSON_SERIALIZE_ENUM(plan_status, {{plan_status::open, "open"},
                                           {plan_status::completed, "completed"},
                                           {plan_status::reflected, "reflected"}})

void to_json(nlohmann::json& j, const plan_item& i) {
  j = {{"id", i.id}, {"ticked", i.ticked}, {"ticked_by", i.ticked_by}, {"ticked_ms", i.ticked_ms}};
}

void from_json(const nlohmann::json& j, plan_item& i) {
  i.id = j.value("id", "");
  i.ticked = j.value("ticked", false);
  i.ticked_by = j.value("ticked_by", "");
  i.ticked_ms = j.value("ticked_ms", 0LL);
}

void to_json(nlohmann::json& j, const reflection& r) {
  j = {{"worked", r.worked}, {"evidence", r.evidence}, {"change", r.change},
       {"share", r.share},   {"by", r.by},             {"at_ms", r.at_ms}};
}

void from_json(const nlohmann::json& j, reflection& r) {
  r.worked = j.value("worked", "");
  r.evidence = j.value("evidence", "");
  r.change = j.value("change", "");
  r.share = j.value("share", false);
  r.by = j.value("by", "");
  r.at_ms = j.value("at_ms", 0LL);
}

void to_json(nlohmann::json& j, const plan& p) {
  j = {{"id", p.id},
       {"tenant", p.tenant},
       {"title", p.title},
       {"learning_areas", p.learning_areas},
       {"year_levels", p.year_levels},
       {"owner", p.owner},
       {"partners", p.partners},
       {"starts", p.starts},
       {"ends", p.ends},
       {"outcomes", p.outcomes},
       {"support", p.support},
       {"model", p.model},
       {"activities", p.activities},
       {"assessment", p.assessment},
       {"checklist", p.checklist},
       {"status", p.status},
       {"reflections", p.reflections},
       {"shared", p.shared},
       {"created_ms", p.created_ms},
       {"updated_ms", p.updated_ms}};
}

void from_json(const nlohmann::json& j, plan& p) {
  p.id = j.value("id", "");
  p.tenant = j.value("tenant", "");
  p.title = j.value("title", "");
  p.learning_areas = j.value("learning_areas", std::vector<std::string>{});
  p.year_levels = j.value("year_levels", std::vector<std::string>{});
  p.owner = j.value("owner", "");
  p.partners = j.value("partners", std::vector<std::string>{});
  p.starts = j.value("starts", "");
  p.ends = j.value("ends", "");
  p.outcomes = j.value("outcomes", "");
  p.support = j.value("support", "");
  p.model = j.value("model", "");
  p.activities = j.value("activities", "");
  p.assessment = j.value("assessment", "");
  p.checklist = j.value("checklist", std::vector<plan_item>{});
  p.status = j.value("status", plan_status::open);
  p.reflections = j.value("reflections", std::vector<reflection>{});
  p.shared = j.value("shared", false);
  p.created_ms = j.value("created_ms", 0LL);
  p.updated_ms = j.value("updated_ms", 0LL);
}

}  // namespace commonsbot::collab
