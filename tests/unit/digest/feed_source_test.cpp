// Polling a configured feed: conditional requests, new items only once, failures reported
// once and recoveries said, the seen list bounded.
#include "digest/feed_source.hpp"
#include "feed_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::digest;

namespace {

fetch::result fetched(std::string body, std::string etag = "\"v1\"", std::string modified = "") {
  fetch::result r;
  r.what = fetch::result::outcome::fetched;
  r.status = 200;
  r.body = std::move(body);
  r.etag = std::move(etag);
  r.last_modified = std::move(modified);
  return r;
}

fetch::result not_modified(std::string etag) {
  fetch::result r;
  r.what = fetch::result::outcome::not_modified;
  r.status = 304;
  r.etag = std::move(etag);
  return r;
}

fetch::result failure(std::string error) {
  fetch::result r;
  r.error = std::move(error);
  return r;
}

std::string rss_with_items(const std::vector<int>& ids) {
  std::string xml = "<rss version=\"2.0\"><channel><title>Numbers</title>";
  for (int id : ids)
    xml += "<item><title>Item " + std::to_string(id) + "</title><link>https://example.org/i/" + std::to_string(id) +
           "</link></item>";
  return xml + "</channel></rss>";
}

std::vector<std::string> titles(const poll_result& r) {
  std::vector<std::string> out;
  for (const auto& i : r.new_items) out.push_back(i.title);
  return out;
}

}  // namespace

TEST_CASE("a feed's items are passed on once, and a 304 changes nothing", "[digest][source]") {
  source_state s;
  s.url = "https://library.kowhai.school.nz/opac/rss/new-items.xml";
  fetch::request req = next_request(s);
  CHECK(req.url == s.url);
  CHECK(req.etag.empty());
  CHECK(req.max_bytes == max_feed_bytes);

  auto r = poll(s, fetched(testkit::fixture("library_new_items.rss"), "\"a1\"", "Tue, 04 Mar 2025 07:05:12 GMT"), 1000);
  CHECK(r.first);
  CHECK(r.new_items.size() == 4);
  CHECK(r.warnings.size() == 1);
  CHECK(r.tell_staff == poll_result::notice::none);
  CHECK(s.etag == "\"a1\"");
  CHECK(s.last_ok_ms == 1000);
  CHECK(s.seen == std::vector<std::string>{"kowhai-biblio-10432", "kowhai-biblio-10433", "kowhai-biblio-10434",
                                           "kowhai-biblio-10435"});
  req = next_request(s);
  CHECK(req.etag == "\"a1\"");
  CHECK(req.last_modified == "Tue, 04 Mar 2025 07:05:12 GMT");

  const source_state before = s;
  r = poll(s, not_modified("\"a1\""), 2000);
  CHECK(r.new_items.empty());
  CHECK_FALSE(r.first);
  CHECK(s.last_ok_ms == 2000);
  CHECK(s.seen == before.seen);

  // The same body again (a server that ignores conditional requests): nothing new.
  r = poll(s, fetched(testkit::fixture("library_new_items.rss"), "\"a1\""), 3000);
  CHECK(r.new_items.empty());
  CHECK_FALSE(r.first);
}

TEST_CASE("only items not seen before are new", "[digest][source]") {
  source_state s;
  poll(s, fetched(rss_with_items({3, 2, 1})), 1);
  const auto r = poll(s, fetched(rss_with_items({5, 4, 3, 2})), 2);
  CHECK(titles(r) == std::vector<std::string>{"Item 5", "Item 4"});
  // The current feed first, then what it dropped.
  CHECK(s.seen == std::vector<std::string>{"https://example.org/i/5", "https://example.org/i/4",
                                           "https://example.org/i/3", "https://example.org/i/2",
                                           "https://example.org/i/1"});
}

TEST_CASE("the seen list is bounded but never forgets what is still in the feed", "[digest][source]") {
  source_state s;
  std::vector<int> ids;
  for (int i = 0; i < 1500; ++i) ids.push_back(i);
  poll(s, fetched(rss_with_items(ids)), 1);
  for (int& id : ids) id += 1500;
  auto r = poll(s, fetched(rss_with_items(ids)), 2);
  CHECK(r.new_items.size() == 1500);
  CHECK(s.seen.size() == max_seen_guids);
  CHECK(s.seen.front() == "https://example.org/i/1500");
  // 1,500 current, then the first 500 the last feed listed (feeds list newest first).
  CHECK(s.seen.back() == "https://example.org/i/499");

  // A feed bigger than the cap keeps every one of its guids.
  ids.clear();
  for (int i = 0; i < 2500; ++i) ids.push_back(10000 + i);
  poll(s, fetched(rss_with_items(ids)), 3);
  CHECK(s.seen.size() == 2500);
  r = poll(s, fetched(rss_with_items(ids)), 4);
  CHECK(r.new_items.empty());
}

TEST_CASE("failures are reported to staff once, and the recovery too", "[digest][source]") {
  source_state s;
  poll(s, fetched(rss_with_items({1}), "\"e1\""), 1);
  auto r = poll(s, failure("the server did not answer within 20 seconds"), 2);
  CHECK(r.tell_staff == poll_result::notice::none);
  CHECK(s.consecutive_failures == 1);
  CHECK(s.last_error == "the server did not answer within 20 seconds");
  CHECK(s.last_ok_ms == 1);
  CHECK(s.last_checked_ms == 2);

  // A body that is not a feed is a failure with the parser's words; the old validators stay
  // so the next request fetches it again.
  r = poll(s, fetched(testkit::fixture("html_page.html"), "\"page\""), 3);
  CHECK(r.tell_staff == poll_result::notice::none);
  CHECK(s.last_error.starts_with("this address gives a web page (HTML), not a feed."));
  CHECK(s.etag == "\"e1\"");

  r = poll(s, fetched(testkit::fixture("truncated.rss")), 4);
  CHECK(r.tell_staff == poll_result::notice::broken);
  CHECK(s.consecutive_failures == failures_before_report);
  CHECK(s.last_error.starts_with("the feed is not valid XML"));
  r = poll(s, failure(""), 5);
  CHECK(r.tell_staff == poll_result::notice::none);  // said once, not every poll
  CHECK(s.last_error == "the feed could not be fetched. Try again later.");

  r = poll(s, fetched(rss_with_items({2, 1}), "\"e2\""), 6);
  CHECK(r.tell_staff == poll_result::notice::recovered);
  CHECK(titles(r) == std::vector<std::string>{"Item 2"});
  CHECK(s.consecutive_failures == 0);
  CHECK(s.last_error.empty());
  CHECK(s.etag == "\"e2\"");
}

TEST_CASE("a source's state survives a round trip through JSON", "[digest][source]") {
  source_state s;
  s.url = "https://books.example.co.nz/news/feed.atom";
  poll(s, fetched(testkit::fixture("publisher_atom.xml"), "W/\"x\"", "Sat, 01 Mar 2025 08:00:00 GMT"), 42);
  poll(s, failure("the server said 503 Service Unavailable"), 43);
  const nlohmann::json j = s;
  CHECK(j.get<source_state>() == s);
  CHECK(nlohmann::json::object().get<source_state>() == source_state{});
}
