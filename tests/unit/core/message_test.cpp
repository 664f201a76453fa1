#include "core/message.hpp"
#include "core/person.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot::core;

TEST_CASE("plain text fallback carries everything a message shows", "[core][message]") {
  message m;
  m.text = "Your plan";
  m.sections.push_back({"Rivers", "Year 5 science", {{"Level", "co-teaching"}}});
  m.checklist.push_back({"c1", "Outcomes defined", true, "Aroha"});
  m.checklist.push_back({"c2", "Resources found", false, ""});
  m.links.push_back({"Guide", "https://example.org/guide"});
  m.choices.push_back({"a", "Tick one", "1"});
  m.context = "Type help for more.";

  const std::string text = plain_text(m);
  CHECK(text.find("Your plan") == 0);
  CHECK(text.find("*Rivers*\nYear 5 science\nLevel: co-teaching") != std::string::npos);
  CHECK(text.find("1. [x] Outcomes defined (Aroha)") != std::string::npos);
  CHECK(text.find("2. [ ] Resources found") != std::string::npos);
  CHECK(text.find("- Guide: https://example.org/guide") != std::string::npos);
  CHECK(text.find("1. Tick one") != std::string::npos);
  CHECK(text.find("Type help for more.") != std::string::npos);
}

TEST_CASE("message and person survive a JSON round trip", "[core][message]") {
  message m;
  m.text = "Kia ora";
  m.choices.push_back({"s:pick/yes", "Yes", "yes"});
  m.checklist.push_back({"c", "Item", true, "Sam"});
  m.ephemeral = true;
  nlohmann::json j = m;
  CHECK(j.get<message>() == m);

  person p;
  p.tenant = "T1";
  p.platform = "slack";
  p.user_id = "U1";
  p.display_name = "Sam";
  p.role = role::library_staff;
  p.learning_areas = {"Science"};
  p.direct = {"slack", "T1", "D1", "U1", "", "", ""};
  nlohmann::json pj = p;
  const auto back = pj.get<person>();
  CHECK(back.role == role::library_staff);
  CHECK(back.direct == p.direct);
  CHECK(back.learning_areas == p.learning_areas);
  CHECK(back.key() == "slack:U1");
}

TEST_CASE("a stored person with an unknown role reads as a teacher", "[core][person]") {
  auto p = nlohmann::json{{"user_id", "U2"}, {"role", "wizard"}}.get<person>();
  CHECK(p.role == role::teacher);
  CHECK(parse_role("library-staff") == role::library_staff);
  CHECK_FALSE(parse_role("boss").has_value());
}
