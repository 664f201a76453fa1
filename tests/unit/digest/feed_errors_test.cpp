// Feeds that cannot be read: each refused with words library staff can act on, never a crash,
// and documents built to attack XML readers refused or read harmlessly.
#include "digest/feed.hpp"
#include "feed_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace commonsbot::digest;

namespace {

std::string error_for(std::string_view text, std::size_t limit = max_feed_bytes) {
  const auto r = parse_feed(text, limit);
  CHECK_FALSE(r.ok);
  CHECK(r.parsed.items.empty());
  return r.error;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::string laughs(int levels) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n <!ENTITY lol0 \"lol\">\n";
  for (int i = 1; i <= levels; ++i) {
    doc += " <!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) doc += "&lol" + std::to_string(i - 1) + ";";
    doc += "\">\n";
  }
  const std::string top = "&lol" + std::to_string(levels) + ";";
  return doc + "]>\n<rss version=\"2.0\"><channel><title>" + top + "</title><item><title>Laughs " + top +
         "</title><link>https://example.org/laughs</link><description>" + top +
         "</description></item></channel></rss>";
}

}  // namespace

TEST_CASE("an empty answer is refused", "[digest][feed]") {
  CHECK(error_for("") == "the feed is empty: the address gave nothing to read. Check it opens in a web "
                         "browser, or try again later.");
  CHECK(contains(error_for(" \r\n\t"), "the feed is empty"));
}

TEST_CASE("a feed over the size limit is refused before parsing", "[digest][feed]") {
  std::string big = "<rss version=\"2.0\"><channel><title>Big</title>";
  while (big.size() <= max_feed_bytes)
    big += "<item><title>Item</title><link>https://example.org/item</link></item>";
  big += "</channel></rss>";
  const std::string e = error_for(big);
  CHECK(e.starts_with("the feed is too big to read (5.0 MB; the limit is 5.0 MB)."));
  CHECK(contains(e, "Ask the publisher for a feed with fewer items"));
  CHECK(error_for(std::string(3000, 'x'), 2048) ==
        "the feed is too big to read (3 KB; the limit is 2 KB). Ask the publisher for a feed with fewer items, "
        "or use a narrower one (a single collection or subject).");
}

TEST_CASE("text that is not XML is refused with the line", "[digest][feed]") {
  CHECK(error_for("Service temporarily unavailable") ==
        "the feed is not valid XML (line 1: Start tag expected, '<' not found). It may have been cut off while "
        "downloading, or the address may not be a feed: try again later, and if it keeps happening tell the "
        "feed's publisher.");
  CHECK(contains(error_for("{\"items\": []}"), "not valid XML (line 1:"));
}

TEST_CASE("a feed cut off part-way is refused", "[digest][feed]") {
  const std::string e = error_for(testkit::fixture("truncated.rss"));
  CHECK(e.starts_with("the feed is not valid XML (line 23: Premature end of data in tag item line 13)."));
  CHECK(contains(e, "cut off while downloading"));
}

TEST_CASE("a web page served instead of a feed names the feed it advertises", "[digest][feed]") {
  CHECK(error_for(testkit::fixture("html_page.html")) ==
        "this address gives a web page (HTML), not a feed. The page says its feed is at "
        "https://library.kowhai.school.nz/opac/rss/new-items.xml: use that address instead.");
  const std::string generic = "this address gives a web page (HTML), not an RSS or Atom feed. Look on the page "
                              "for a feed link (often called RSS, Atom or Subscribe) and use that address instead.";
  CHECK(error_for("<html><body><p>Log in to the library system</p></body></html>") == generic);
  // XHTML is well-formed XML, so it is caught by its root element too.
  CHECK(error_for("<?xml version=\"1.0\"?>\n<!-- page -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                  "<head><title>x</title></head><body/></html>") == generic);
  // A feed that mentions <body> in a description is still a feed.
  CHECK(parse_feed("<rss version=\"2.0\"><channel><title>&lt;body&gt;</title></channel></rss>").ok);
}

TEST_CASE("XML that is not RSS or Atom is refused by its root element", "[digest][feed]") {
  CHECK(error_for("<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>") ==
        "not RSS or Atom: the root element is <opml>. Check the address is the feed itself (it often ends in "
        ".rss, .xml or /feed).");
  CHECK(error_for("<feed><entry><title>x</title></entry></feed>") ==
        "not RSS or Atom: the root element is <feed> but not in the Atom namespace. Tell the feed's publisher; "
        "it needs xmlns=\"http://www.w3.org/2005/Atom\".");
  CHECK(error_for("<rss version=\"2.0\"><item/></rss>") ==
        "this RSS feed has no <channel>, so there are no items to read. Tell the feed's publisher.");
  CHECK(contains(error_for("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>"),
                 "not an RSS 1.0 feed"));
  // The namespace decides, not the prefix: Atom under any prefix is Atom.
  const auto r = parse_feed("<x:feed xmlns:x=\"http://www.w3.org/2005/Atom\"><x:title>P</x:title></x:feed>");
  REQUIRE(r.ok);
  CHECK(r.parsed.kind == feed::format::atom);
  CHECK(r.parsed.title == "P");
}

TEST_CASE("a billion-laughs document is refused quickly", "[digest][feed][security]") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(error_for(laughs(9)) ==
        "the feed was refused: it defines entities that expand into a huge document, which is how some attacks "
        "on feed readers work. Tell your IT support and the feed's publisher before adding it again.");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));  // expanded, it would take minutes
}

TEST_CASE("small or repeated entity references are never expanded", "[digest][feed][security]") {
  // One level: libxml2 accepts the document (two levels are refused), but the references
  // stay unexpanded.
  auto r = parse_feed(laughs(1));
  REQUIRE(r.ok);
  REQUIRE(r.parsed.items.size() == 1);
  CHECK(r.parsed.title.empty());
  CHECK(r.parsed.items[0].title == "Laughs");
  CHECK(r.parsed.items[0].summary.empty());

  // Quadratic blow-up: one 50 KB entity referenced 2,000 times would be 100 MB of text.
  std::string refs;
  for (int i = 0; i < 2000; ++i) refs += "&big;";
  const auto start = std::chrono::steady_clock::now();
  r = parse_feed("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY big \"" + std::string(50000, 'x') +
                 "\">]>\n<rss version=\"2.0\"><channel><title>" + refs + "</title><item><title>Q" + refs +
                 "</title><link>https://example.org/q</link><description>" + refs +
                 "</description></item></channel></rss>");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));  // expanded, it would take minutes
  REQUIRE(r.ok);
  CHECK(r.parsed.items.at(0).title == "Q");
  CHECK(r.parsed.items.at(0).summary.empty());
}

TEST_CASE("an external entity is never fetched", "[digest][feed][security]") {
  const auto secret = std::filesystem::temp_directory_path() / "commonsbot_feed_secret.txt";
  std::ofstream(secret) << "TOP SECRET PASSWORD";
  for (const std::string& entity : {"SYSTEM \"file://" + secret.string() + "\"", "SYSTEM \"" + secret.string() + "\"",
                                   std::string("SYSTEM \"http://127.0.0.1:9/secret\"")}) {
    const auto r = parse_feed("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe " + entity +
                              ">]>\n<rss version=\"2.0\"><channel><title>T &xxe;</title><item><title>S &xxe;"
                              "</title><link>https://example.org/x</link><description>&xxe;</description>"
                              "<category>&xxe;</category></item></channel></rss>");
    INFO(entity << " -> " << r.error);
    REQUIRE(r.ok);
    CHECK(r.parsed.title == "T");
    REQUIRE(r.parsed.items.size() == 1);
    CHECK(r.parsed.items[0].title == "S");
    CHECK(r.parsed.items[0].summary.empty());
    CHECK(r.parsed.items[0].categories.empty());
  }
  // A parameter entity pulling in an external DTD is not loaded either.
  const auto r = parse_feed("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY % ext SYSTEM \"file://" +
                            secret.string() + "\"> %ext;]>\n<rss version=\"2.0\"><channel><title>P</title>"
                            "</channel></rss>");
  CHECK_FALSE(contains(r.error + r.parsed.title, "SECRET"));
  std::filesystem::remove(secret);
}

TEST_CASE("deeply nested markup is refused or read without exhausting the stack", "[digest][feed][security]") {
  std::string html;
  for (int i = 0; i < 200000; ++i) html += "<b>";
  html += "deep";
  auto r = parse_feed("<rss version=\"2.0\"><channel><title>D</title><item><title>Deep</title><link>"
                      "https://example.org/d</link><description><![CDATA[" + html + "]]></description></item>"
                      "</channel></rss>");
  REQUIRE(r.ok);
  // libxml2's HTML parser gives up past its depth limit: the text is lost, nothing breaks.
  CHECK(r.parsed.items.at(0).summary.empty());
  r = parse_feed("<rss version=\"2.0\"><channel><title>D</title><item><title>Deep</title><link>"
                 "https://example.org/d</link><description><![CDATA[" + html.substr(html.size() - 304) +
                 "]]></description></item></channel></rss>");
  REQUIRE(r.ok);
  CHECK(r.parsed.items.at(0).summary == "deep");  // 100 levels are fine

  std::string xml = "<rss version=\"2.0\"><channel><title>D</title>";
  for (int i = 0; i < 100000; ++i) xml += "<x>";
  CHECK(contains(error_for(xml), "not valid XML"));
}

TEST_CASE("every truncation of a valid feed is read or refused, never crashed on", "[digest][feed]") {
  for (const char* name : {"library_new_items.rss", "publisher_atom.xml", "rss1_rdf.xml", "missing_links.rss"}) {
    const std::string whole = testkit::fixture(name);
    REQUIRE(parse_feed(whole).ok);
    for (std::size_t n = 0; n < whole.size(); n += 97) {
      const auto r = parse_feed(std::string_view(whole).substr(0, n));
      INFO(name << " cut at " << n);
      CHECK(r.ok != !r.error.empty());
      if (n <= whole.rfind('>')) CHECK_FALSE(r.ok);  // cut before the root element closes
    }
  }
}
