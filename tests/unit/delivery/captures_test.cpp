// The rules for values one part of a render takes from its answer for the parts after it:
// only plain ids are taken, a placeholder nobody filled is an error, remembered answers skip
// parts (never the last), and the values ride with the entry through the store.
#include "delivery/captures.hpp"
#include "delivery/outbox_entry.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::delivery;

TEST_CASE("captures: only a plain id at the pointer is taken", "[delivery][captures]") {
  CHECK(capture_value(R"({"ok":true,"channel":{"id":"D0AROHA01"}})", "/channel/id") == "D0AROHA01");
  CHECK_FALSE(capture_value(R"({"ok":true})", "/channel/id"));
  CHECK_FALSE(capture_value(R"({"channel":{"id":42}})", "/channel/id"));
  CHECK_FALSE(capture_value(R"({"channel":{"id":""}})", "/channel/id"));
  CHECK_FALSE(capture_value(R"({"channel":{"id":"D1\",\"x\":\"y"}})", "/channel/id"));  // would break the JSON
  CHECK_FALSE(capture_value(R"({"channel":{"id":"../../admin"}})", "/channel/id"));
  CHECK_FALSE(capture_value(R"({"channel":"D1"})", "/channel/id"));  // walks through a string
  CHECK_FALSE(capture_value("not json", "/channel/id"));
  CHECK_FALSE(capture_value(R"({"a":1})", "no-slash"));  // a malformed pointer
}

TEST_CASE("captures: placeholders are filled, or the part is refused", "[delivery][captures]") {
  const captured_values values{{"dm_channel", "D1"}};
  CHECK(fill_captures(R"({"channel":"{capture:dm_channel}"})", values) == R"({"channel":"D1"})");
  CHECK(fill_captures("no placeholders {here}", values) == "no placeholders {here}");
  std::string missing;
  CHECK_FALSE(fill_captures("{capture:other}", values, &missing));
  CHECK(missing == "other");

  adapters::outbound_request r;
  r.url = "https://x/{capture:dm_channel}";
  r.body = "{capture:dm_channel}";
  r.rate_bucket = "slack:T1:{capture:dm_channel}";
  r.headers = {{"X-Where", "{capture:dm_channel}"}};
  REQUIRE(fill_captures(r, values, missing));
  CHECK(r.url == "https://x/D1");
  CHECK(r.rate_bucket == "slack:T1:D1");
  CHECK(r.headers[0].second == "D1");
  r.body = "{capture:nobody}";
  CHECK_FALSE(fill_captures(r, values, missing));
  CHECK(missing == "nobody");
}

TEST_CASE("captures: Teams ids are taken, and the URL form percent-encodes them", "[delivery][captures]") {
  CHECK(capture_value(R"({"id":"a:1Xy-z_9.Q"})", "/id") == "a:1Xy-z_9.Q");
  CHECK_FALSE(capture_value(R"({"id":"19:abc@thread.v2"})", "/id"));  // '@' is not a plain id character
  CHECK_FALSE(capture_value(R"({"id":"a:1/../x"})", "/id"));

  const captured_values values{{"conversation", "a:1xyz"}};
  CHECK(adapters::capture_url_placeholder("conversation") == "{capture_url:conversation}");
  CHECK(fill_captures("https://smba/v3/conversations/{capture_url:conversation}/activities", values) ==
        "https://smba/v3/conversations/a%3A1xyz/activities");
  CHECK(fill_captures("{capture:conversation} {capture_url:conversation} {capture:conversation}", values) ==
        "a:1xyz a%3A1xyz a:1xyz");
  std::string missing;
  CHECK_FALSE(fill_captures("{capture_url:nobody}", values, &missing));
  CHECK(missing == "nobody");

  adapters::outbound_request r;
  r.url = "https://smba/v3/conversations/{capture_url:conversation}/activities";
  r.rate_bucket = "teams:T1:{capture:conversation}";
  REQUIRE(fill_captures(r, values, missing));
  CHECK(r.url == "https://smba/v3/conversations/a%3A1xyz/activities");
  CHECK(r.rate_bucket == "teams:T1:a:1xyz");
}

TEST_CASE("captures: remembered answers skip parts, never the last", "[delivery][captures]") {
  adapters::outbound_request open, post;
  open.capture = "/channel/id";
  open.capture_as = "dm_channel";
  open.remember_as = "slack:T1:dm:U1";
  post.body = "{capture:dm_channel}";
  const std::vector<adapters::outbound_request> parts{open, post};

  answer_memory memory(2);
  captured_values values;
  std::vector<std::string> used;
  CHECK(memory.skip(parts, 0, values, used) == 0);  // nothing known yet
  CHECK_FALSE(keep_capture(open, R"({"ok":true,"channel":{"id":"D1"}})", values, memory));
  CHECK(values.at("dm_channel") == "D1");

  captured_values next;
  CHECK(memory.skip(parts, 0, next, used) == 1);
  CHECK(next.at("dm_channel") == "D1");
  CHECK(used == std::vector<std::string>{"slack:T1:dm:U1"});
  CHECK(memory.skip({open}, 0, next, used) == 0);  // the last part always goes

  CHECK(keep_capture(open, R"({"ok":true})", values, memory) == "accepted, but the answer has no usable /channel/id");

  // Bounded: past its size it starts again rather than growing.
  memory.remember("a", "1");
  memory.remember("b", "2");
  CHECK(memory.size() == 1);
  memory.forget("b");
  CHECK(memory.size() == 0);
}

TEST_CASE("captures: the values ride with the entry through the store", "[delivery][captures]") {
  outbox_entry e;
  e.id = "1-2-3";
  e.parts_done = 1;
  e.captured = {{"dm_channel", "D1"}};
  const nlohmann::json j = e;
  CHECK(j.at("captured").at("dm_channel") == "D1");
  CHECK(j.get<outbox_entry>() == e);
  e.captured.clear();
  CHECK_FALSE(nlohmann::json(e).contains("captured"));
  auto odd = nlohmann::json(e);
  odd["captured"] = {{"x", 5}, {"y", "ok"}};  // a hand-edited entry: the odd value is left out
  CHECK(odd.get<outbox_entry>().captured == captured_values{{"y", "ok"}});
}
