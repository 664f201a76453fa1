// The reply path writes JSON text itself (json_out, command_reply_json): it must write what
// nlohmann would, for any bytes, and the reply must keep its shape.
#include "adapters/slack/block_kit.hpp"
#include "adapters/slack/json_out.hpp"
#include "core/text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

using namespace commonsbot;
using namespace commonsbot::adapters::slack;
using nlohmann::json;

namespace {

std::string written(std::string_view s) {
  std::string out;
  json_out::append_string(out, s);
  return out;
}

std::string dumped(std::string_view s) {
  return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("json_out writes strings byte for byte as nlohmann's replacing dump", "[slack][json]") {
  const std::vector<std::string> cases = {
      "", "plain", "Kia ora, Aroha! ā é … 😀", "quote \" and \\ backslash", "\n\t\r\b\f\x01\x1f\x7f",
      std::string("nul\0inside", 10), "\xff", "\xc3(", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80",
      "\xc0\xaf", "ok\xe2\x82\xacok"};
  for (const auto& s : cases) CHECK(written(s) == dumped(s));
  // Random bytes, weighted towards UTF-8 lead and continuation bytes so that broken
  // sequences of every kind turn up.
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 12); n > 0; --n) {
      const unsigned r = rng() % 4;
      s += static_cast<char>(r == 0 ? rng() % 256 : r == 1 ? 0x80 + rng() % 64 : r == 2 ? 0xC0 + rng() % 64 : 0x20 + rng() % 96);
    }
    INFO(dumped(s));
    REQUIRE(written(s) == dumped(s));
  }
}

TEST_CASE("a command reply carries response_type, text and the first page's blocks", "[slack][render]") {
  core::message m;
  m.text = "Tom & Jerry said \"hi\"\nline two";
  m.sections.push_back({"Plans", "Your *open* plans", {{"Topic", "Rivers <3"}}});
  m.choices = {{"a", "Yes", "y"}, {"b", "No", ""}};
  m.context = "Reply with a number";
  const auto reply = json::parse(command_reply_json("ephemeral", m), nullptr, false);
  REQUIRE(reply.is_object());
  CHECK(reply["response_type"] == "ephemeral");
  const auto pages = render_pages(m);
  REQUIRE(pages.size() == 1);
  CHECK(reply["text"] == pages[0].text);
  CHECK(reply["blocks"] == pages[0].blocks);
  CHECK(reply["blocks"][0]["text"]["text"] == "Tom &amp; Jerry said \"hi\"\nline two");
  CHECK(reply["blocks"].back()["type"] == "context");
}

TEST_CASE("a command reply too long for one message goes as text, or as its first page past Slack's limit",
          "[slack][render]") {
  core::message many;
  for (int i = 0; i < 70; ++i) many.sections.push_back({"", "section " + std::to_string(i), {}});
  REQUIRE(render_pages(many).size() == 2);
  const auto as_text = json::parse(command_reply_json("in_channel", many));
  CHECK_FALSE(as_text.contains("blocks"));
  CHECK(as_text["text"] == escape_mrkdwn(core::plain_text(many)));

  core::message huge;
  for (int i = 0; i < 70; ++i) huge.sections.push_back({"", std::string(1000, 'x'), {}});
  const auto pages = render_pages(huge);
  REQUIRE(pages.size() > 1);
  const auto first = json::parse(command_reply_json("in_channel", huge));
  CHECK(first["blocks"] == pages[0].blocks);
  CHECK(first["text"] == pages[0].text);
}
