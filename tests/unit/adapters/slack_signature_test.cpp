// Request signing: Slack's documented vector and every way a request can fail the check.
#include "slack_support.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::adapters::slack;
using std::chrono::seconds;
using std::chrono::system_clock;

namespace {

const std::string doc_body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
    "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
    "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
const std::string doc_secret = "8f742231b10e8888abcd99yyyzzz85a5";
const std::string doc_ts = "1531420618";
const std::string doc_signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const system_clock::time_point doc_now = system_clock::time_point(seconds(1531420618));

}  // namespace

TEST_CASE("slack: the documented signing vector verifies", "[slack][signature]") {
  REQUIRE(doc_body.size() == 362);
  CHECK(sign(doc_secret, doc_ts, doc_body) == doc_signature);
  CHECK(verify_signature(doc_secret, doc_ts, doc_signature, doc_body, doc_now).ok);
}

TEST_CASE("slack: any change to body, secret, signature or time fails with 401", "[slack][signature]") {
  auto fails = [](const commonsbot::adapters::verification& v, const std::string& code) {
    CHECK_FALSE(v.ok);
    CHECK(v.status == 401);
    CHECK(v.code == code);
    CHECK(v.message.find(doc_secret) == std::string::npos);
  };
  fails(verify_signature(doc_secret, doc_ts, doc_signature, doc_body + "x", doc_now), "bad_signature");
  fails(verify_signature("wrong-secret", doc_ts, doc_signature, doc_body, doc_now), "bad_signature");
  std::string flipped = doc_signature;
  flipped.back() = flipped.back() == '3' ? '4' : '3';
  fails(verify_signature(doc_secret, doc_ts, flipped, doc_body, doc_now), "bad_signature");
  fails(verify_signature(doc_secret, doc_ts, "v1=" + doc_signature.substr(3), doc_body, doc_now), "bad_signature");
  fails(verify_signature(doc_secret, doc_ts, doc_signature.substr(0, 20), doc_body, doc_now), "bad_signature");
  fails(verify_signature(doc_secret, "", doc_signature, doc_body, doc_now), "missing_signature");
  fails(verify_signature(doc_secret, doc_ts, "", doc_body, doc_now), "missing_signature");
  fails(verify_signature(doc_secret, "15314x0618", doc_signature, doc_body, doc_now), "bad_timestamp");
  fails(verify_signature(doc_secret, "-1", doc_signature, doc_body, doc_now), "bad_timestamp");
  fails(verify_signature("", doc_ts, doc_signature, doc_body, doc_now), "not_configured");
}

TEST_CASE("slack: the 5-minute window holds in both directions", "[slack][signature]") {
  CHECK(verify_signature(doc_secret, doc_ts, doc_signature, doc_body, doc_now + seconds(300)).ok);
  CHECK(verify_signature(doc_secret, doc_ts, doc_signature, doc_body, doc_now - seconds(300)).ok);
  const auto stale = verify_signature(doc_secret, doc_ts, doc_signature, doc_body, doc_now + seconds(301));
  CHECK(stale.code == "stale_timestamp");
  const auto future = verify_signature(doc_secret, doc_ts, doc_signature, doc_body, doc_now - seconds(301));
  CHECK(future.code == "stale_timestamp");
}

TEST_CASE("slack: form decoding takes + and %20, refuses bad escapes", "[slack][form]") {
  std::string error;
  auto f = parse_form("text=plan+Water%20cycle&command=%2Flibrary&empty=&flag", error);
  REQUIRE(f);
  CHECK(field(*f, "text") == "plan Water cycle");
  CHECK(field(*f, "command") == "/library");
  CHECK(field(*f, "empty").empty());
  CHECK(f->contains("flag"));
  CHECK_FALSE(parse_form("text=%zz", error));
  CHECK(error.find("escape") != std::string::npos);
  CHECK_FALSE(parse_form("text=abc%4", error));
  CHECK(url_decode(url_encode("a b&c=d/é")) == std::string("a b&c=d/é"));
  CHECK(media_type("Application/X-WWW-Form-Urlencoded; charset=utf-8") == "application/x-www-form-urlencoded");
}
