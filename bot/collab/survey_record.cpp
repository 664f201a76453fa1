#include "collab/survey_record.hpp"

#include "core/json_fields.hpp"
#include "core/keys.hpp"

#include <nlohmann/json.hpp>

#include <type_traits>

namespace commonsbot::collab {
namespace {

template <class T>
std::vector<T> list(const nlohmann::json& j, const char* key) {
  std::vector<T> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    } else {
      if (v.is_object()) out.push_back(v.get<T>());
    }
  }
  return out;
}

}  // namespace

std::string survey::key() const { return core::tenant_key(tenant, id); }
std::string survey_response::key() const { return core::tenant_key(tenant, survey + "/" + person); }

void to_json(nlohmann::json& j, const survey_question& q) { j = {{"id", q.id}, {"text", q.text}, {"hint", q.hint}}; }

void from_json(const nlohmann::json& j, survey_question& q) {
  q = survey_question{};
  if (!j.is_object()) return;
  q.id = core::string_field(j, "id");
  q.text = core::string_field(j, "text");
  q.hint = core::string_field(j, "hint");
}

void to_json(nlohmann::json& j, const survey& s) {
  j = {{"id", s.id},         {"tenant", s.tenant},       {"sent_by", s.sent_by}, {"sent_ms", s.sent_ms},
       {"date", s.date},     {"questions", s.questions}, {"sent_to", s.sent_to}, {"status", s.status},
       {"closed_ms", s.closed_ms}};
}

void from_json(const nlohmann::json& j, survey& s) {
  s = survey{};
  if (!j.is_object()) return;
  s.id = core::string_field(j, "id");
  s.tenant = core::string_field(j, "tenant");
  s.sent_by = core::string_field(j, "sent_by");
  s.sent_ms = core::integer_field(j, "sent_ms");
  s.date = core::string_field(j, "date");
  s.questions = list<survey_question>(j, "questions");
  s.sent_to = list<std::string>(j, "sent_to");
  s.status = core::string_field(j, "status");
  if (s.status.empty()) s.status = "open";
  s.closed_ms = core::integer_field(j, "closed_ms");
}

void to_json(nlohmann::json& j, const survey_answer& a) { j = {{"question", a.question}, {"answer", a.answer}}; }

void from_json(const nlohmann::json& j, survey_answer& a) {
  a = survey_answer{};
  if (!j.is_object()) return;
  a.question = core::string_field(j, "question");
  a.answer = core::string_field(j, "answer");
}

void to_json(nlohmann::json& j, const survey_response& r) {
  j = {{"survey", r.survey}, {"tenant", r.tenant},   {"person", r.person},
       {"name", r.name},     {"answers", r.answers}, {"at_ms", r.at_ms}};
}

void from_json(const nlohmann::json& j, survey_response& r) {
  r = survey_response{};
  if (!j.is_object()) return;
  r.survey = core::string_field(j, "survey");
  r.tenant = core::string_field(j, "tenant");
  r.person = core::string_field(j, "person");
  r.name = core::string_field(j, "name");
  r.answers = list<survey_answer>(j, "answers");
  r.at_ms = core::integer_field(j, "at_ms");
}

}  // namespace commonsbot::collab
