// The fields that say where a message goes (in place of the original, on the Home page) and
// the message a button was on survive the store, and older records without them still load.
#include "core/conversation_ref.hpp"
#include "core/message.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

TEST_CASE("message surface and replace_original round-trip, older JSON loads", "[core][message]") {
  core::message m;
  m.text = "card";
  m.replace_original = true;
  m.surface = core::home_surface;
  nlohmann::json j = m;
  CHECK(j["replace_original"] == true);
  CHECK(j["surface"] == "home");
  CHECK(j.get<core::message>() == m);

  auto old = nlohmann::json::parse(R"({"text": "hi"})").get<core::message>();
  CHECK_FALSE(old.replace_original);
  CHECK(old.surface.empty());
  nlohmann::json plain = old;
  CHECK_FALSE(plain.contains("replace_original"));  // records stay as small as before
  CHECK_FALSE(plain.contains("surface"));

  core::conversation_ref r{"slack", "T1", "C1", "U1", "", "https://hooks.slack.com/x", "", "171.5"};
  nlohmann::json rj = r;
  CHECK(rj["message_id"] == "171.5");
  CHECK(rj.get<core::conversation_ref>() == r);
  CHECK_FALSE(nlohmann::json(core::conversation_ref{"slack", "T1", "C1", "U1"}).contains("message_id"));
}
