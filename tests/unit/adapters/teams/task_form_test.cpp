// Teams task modules: a core::form as the task/fetch answer, task/submit data read back,
// and the answers that re-show the form with errors or close it.
#include "adapters/teams/task_form.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace teams = commonsbot::adapters::teams;
namespace core = commonsbot::core;
using nlohmann::json;

namespace {

core::form form_booking() {
  core::form f;
  f.title = "Book the library";
  f.submit = "Check booking";
  f.metadata = R"({"conversation_id":"19:abc"})";
  f.fields.push_back({"date", "What day?", "Try Friday or 14/3.", false, false, 40, {}});
  f.fields.push_back({"room", "Which space?", "", true, false, 0, {{"r1", "Reading corner"}, {"r2", "Makerspace"}}});
  return f;
}

json form_inputs_of(const json& answer) { return answer["task"]["value"]["card"]["content"]["body"]; }

}  // namespace

TEST_CASE("teams form: task/fetch is answered with the form as a card, exactly", "[teams][form]") {
  const json expected = json::parse(R"j({"task":{"type":"continue","value":{
    "title":"Book the library","height":"medium","width":"medium",
    "card":{"contentType":"application/vnd.microsoft.card.adaptive","content":{
      "type":"AdaptiveCard","version":"1.5","$schema":"http://adaptivecards.io/schemas/adaptive-card.json",
      "body":[
        {"type":"Input.Text","id":"field.date","label":"What day?","isMultiline":false,"maxLength":40,
         "isRequired":true,"errorMessage":"This one needs an answer."},
        {"type":"TextBlock","text":"Try Friday or 14/3.","wrap":true,"isSubtle":true,"size":"small","spacing":"none"},
        {"type":"Input.ChoiceSet","id":"field.room","label":"Which space?","style":"compact",
         "choices":[{"title":"Reading corner","value":"r1"},{"title":"Makerspace","value":"r2"}]}],
      "actions":[{"type":"Action.Submit","title":"Check booking",
                  "data":{"cb":"form","metadata":"{\"conversation_id\":\"19:abc\"}"}}]}}}}})j");
  CHECK(teams::task_fetch_answer(form_booking()) == expected);
}

TEST_CASE("teams form: multi-line fields, limits and our words", "[teams][form]") {
  core::form f = form_booking();
  f.fields.push_back({"purpose", "What's the purpose?", "", false, true, 0, {}});
  teams::form_words words;
  words.required = "Me whakautu tēnei.";
  const auto body = form_inputs_of(teams::task_fetch_answer(f, words));
  REQUIRE(body.size() == 4);
  CHECK(body[3]["isMultiline"] == true);
  CHECK(body[3]["maxLength"] == teams::max_form_input_length);
  CHECK(body[3]["errorMessage"] == "Me whakautu tēnei.");
}

TEST_CASE("teams form: task/submit data is read back as field id -> value", "[teams][form]") {
  const json data = {{"cb", "form"},
                     {"metadata", R"({"conversation_id":"19:abc"})"},
                     {"field.date", "Friday"},
                     {"field.room", "r2"},
                     {"field.metadata", "a field may be called anything"},
                     {"field.odd", 42},
                     {"msteams", {{"type", "task/submit"}}},
                     {"tick.0", "true"}};
  const auto read = teams::read_form_submission(data);
  REQUIRE(read.ok);
  CHECK(read.metadata == R"({"conversation_id":"19:abc"})");
  CHECK(read.values == teams::form_values{{"date", "Friday"},
                                          {"metadata", "a field may be called anything"},
                                          {"odd", ""},
                                          {"room", "r2"}});

  for (const json& bad : {json(), json::array(), json{{"field.date", "Friday"}}, json{{"cb", "button"}}}) {
    CAPTURE(bad.dump());
    const auto r = teams::read_form_submission(bad);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.reason.empty());
    CHECK(r.values.empty());
  }
}

TEST_CASE("teams form: errors re-show the form with each error under its field, values kept", "[teams][form]") {
  const teams::form_values typed = {{"date", "Someday *soon*"}, {"room", "r9"}};
  const std::map<std::string, std::string> errors = {{"date", "I can't read \"Someday\" as a date."}};
  const auto answer = teams::task_errors_answer(form_booking(), typed, errors);
  CHECK(answer["task"]["type"] == "continue");
  CHECK(answer["task"]["value"]["title"] == "Book the library");
  const auto body = form_inputs_of(answer);
  REQUIRE(body.size() == 4);
  CHECK(body[0]["value"] == "Someday *soon*");  // an input's value is not Markdown
  CHECK(body[1]["text"] == "Try Friday or 14/3.");
  CHECK(body[2] == json{{"type", "TextBlock"},
                        {"text", "I can't read \"Someday\" as a date."},
                        {"wrap", true},
                        {"color", "attention"},
                        {"spacing", "small"}});
  CHECK_FALSE(body[3].contains("value"));  // no option is "r9"

  const auto kept = form_inputs_of(teams::task_errors_answer(form_booking(), {{"room", "r2"}}, {}));
  CHECK(kept[2]["value"] == "r2");
}

TEST_CASE("teams form: a finished form closes with a message", "[teams][form]") {
  CHECK(teams::task_done_answer("Booked: Friday, Makerspace.").dump() ==
        R"({"task":{"type":"message","value":"Booked: Friday, Makerspace."}})");
}
