// The needs survey: library staff send a few questions to every teacher (upcoming units,
// resource needs, skills students need, how they'd like to work with the library) and each
// teacher's answers are kept for planning and for the evidence report.
//
// "surveys": "<tenant>/<id>" -> survey (the questions as sent, so later edits to
// templates/content/survey.json never change what was asked).
// "survey_answers": "<tenant>/<survey id>/<person key>" -> one teacher's answers; answering
// again replaces them.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

inline constexpr std::string_view surveys_collection = "surveys";
inline constexpr std::string_view survey_answers_collection = "survey_answers";
// The survey flow has this many question slots (templates/flows/survey.json).
inline constexpr std::size_t max_survey_questions = 6;

struct survey_question {
  std::string id;    // the content item's id, e.g. "units"
  std::string text;  // the question, in the sender's words at the time
  std::string hint;
  bool operator==(const survey_question&) const = default;
};

struct survey {
  std::string id;  // "s1"
  std::string tenant;
  std::string sent_by;  // person key
  long long sent_ms = 0;
  std::string date;     // NZ date sent
  std::vector<survey_question> questions;
  std::vector<std::string> sent_to;  // person keys
  std::string status = "open";       // open | closed
  long long closed_ms = 0;

  std::string key() const;
  bool open() const { return status == "open"; }
  bool operator==(const survey&) const = default;
};

struct survey_answer {
  std::string question;  // question id
  std::string answer;    // empty: skipped
  bool operator==(const survey_answer&) const = default;
};

struct survey_response {
  std::string survey;
  std::string tenant;
  std::string person;  // person key
  std::string name;
  std::vector<survey_answer> answers;
  long long at_ms = 0;

  std::string key() const;  // "<tenant>/<survey>/<person>"
  bool operator==(const survey_response&) const = default;
};

// Readers never throw: a field of the wrong type is left empty.
void to_json(nlohmann::json& j, const survey_question& q);
void from_json(const nlohmann::json& j, survey_question& q);
void to_json(nlohmann::json& j, const survey& s);
void from_json(const nlohmann::json& j, survey& s);
void to_json(nlohmann::json& j, const survey_answer& a);
void from_json(const nlohmann::json& j, survey_answer& a);
void to_json(nlohmann::json& j, const survey_response& r);
void from_json(const nlohmann::json& j, survey_response& r);

}  // namespace commonsbot::collab
