// Each fixture feed, read with exact expectations.
#include "digest/feed.hpp"
#include "feed_support.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::digest;
using strings = std::vector<std::string>;

namespace {

feed read(const std::string& name) {
  const auto r = parse_feed(testkit::fixture(name));
  INFO(name << ": " << r.error);
  REQUIRE(r.ok);
  CHECK(r.error.empty());
  return r.parsed;
}

}  // namespace

TEST_CASE("a library system's new-items RSS 2.0 feed", "[digest][feed]") {
  const feed f = read("library_new_items.rss");
  CHECK(f.kind == feed::format::rss);
  CHECK(f.title == "Kōwhai School Library: New items");
  REQUIRE(f.items.size() == 4);

  feed_item first;
  first.guid = "kowhai-biblio-10432";
  first.title = "The Water Cycle in Aotearoa";
  first.link = "https://library.kowhai.school.nz/opac/record/10432";
  // CDATA HTML reduced to text: the image and script gone, the entities decoded.
  first.summary = "Author: Mere Tawhiri Publisher: Huia Publishers, 2024 Follows a raindrop from the Southern "
                  "Alps to the sea, with diagrams & activities for Years 4–6.";
  first.categories = {"Science", "Water cycle", "Years 4-6"};
  first.published = "2025-03-03";
  CHECK(f.items[0] == first);

  // Escaped HTML in the description, a double-escaped ampersand in the title, a repeated
  // category, a day without its leading zero.
  CHECK(f.items[1].title == "Kiwi & Kea: Birds of the Bush");
  CHECK(f.items[1].summary == "A photographic guide to native birds for junior readers.");
  CHECK(f.items[1].categories == strings{"Science", "Birds"});
  CHECK(f.items[1].published == "2025-03-02");

  // Markup in a title; the date from dc:date.
  CHECK(f.items[2].title == "Staff pick: Ngā Atua Māori");
  CHECK(f.items[2].summary == "Stories of the atua, retold for Years 7–8.");
  CHECK(f.items[2].published == "2025-02-28");

  // An unreadable date keeps the item and says so.
  CHECK(f.items[3].title == "Maths Games for the Whole Class");
  CHECK(f.items[3].summary.empty());
  CHECK(f.items[3].published.empty());
  CHECK(f.warnings == strings{"item 4 (\"Maths Games for the Whole Class\"): its date \"sometime last week\" "
                              "could not be read, so it shows no date."});
}

TEST_CASE("a publisher's Atom feed with HTML and XHTML text", "[digest][feed]") {
  const feed f = read("publisher_atom.xml");
  CHECK(f.kind == feed::format::atom);
  CHECK(f.title == "Tūī Press — New Releases");
  REQUIRE(f.items.size() == 3);

  feed_item tidal;
  tidal.guid = "tag:books.example.co.nz,2025:tidal-pools";
  tidal.title = "Tidal Pools: A Rocky Shore Explorer";
  tidal.link = "https://books.example.co.nz/news/2025/tidal-pools";  // relative, under xml:base
  tidal.summary = "Explore the shore Rock pools, crabs and anemones: a field guide for Years 3–6.";
  tidal.categories = {"science", "marine-life"};
  tidal.published = "2025-02-27";  // the publisher's day (-05:00), not UTC's 28th
  CHECK(f.items[0] == tidal);

  // Prefixed Atom elements, XHTML title and summary, the summary preferred to the content.
  feed_item reo;
  reo.guid = "tag:books.example.co.nz,2025:te-reo-every-day";
  reo.title = "Te Reo Every Day";
  reo.link = "https://books.example.co.nz/titles/te-reo-every-day";
  reo.summary = "Short daily phrases for the classroom.";
  reo.categories = {"te-reo-maori"};
  reo.published = "2025-02-20";  // from <updated> when there is no <published>
  CHECK(f.items[1] == reo);

  // A root-relative link; elements outside the Atom namespace ignored.
  CHECK(f.items[2].link == "https://books.example.co.nz/catalogue/reading-logs");
  CHECK(f.items[2].summary == "Printable reading logs.");
  CHECK(f.items[2].categories.empty());
  CHECK(f.items[2].published == "2025-01-10");

  // Only a rel="related" link: nothing for a teacher to open.
  CHECK(f.warnings == strings{"item 3 (\"Poetry Posters: <Set 2>\"): has no web link, so it was left out. "
                              "Teachers need a link to open it."});
}

TEST_CASE("an RSS 1.0 (RDF) feed", "[digest][feed]") {
  const feed f = read("rss1_rdf.xml");
  CHECK(f.kind == feed::format::rss);
  CHECK(f.title == "Curated Collections for Schools");
  REQUIRE(f.items.size() == 2);
  CHECK(f.items[0].guid == "https://collections.example.govt.nz/curated/gold-rush");
  CHECK(f.items[0].title == "Otago Gold Rush Photographs");
  CHECK(f.items[0].summary == "Photographs and diaries from the 1860s Otago goldfields.");
  CHECK(f.items[0].categories == strings{"History", "Social Sciences"});
  CHECK(f.items[0].published == "2025-02-14");
  CHECK(f.items[1].guid == "https://collections.example.govt.nz/curated/suffrage-1893");
  CHECK(f.items[1].link == "https://collections.example.govt.nz/curated/suffrage-1893?from=rss");
  CHECK(f.items[1].summary == "The petition that won women the vote, sheet by sheet.");  // content:encoded
  CHECK(f.items[1].published == "2025-02-10");
  CHECK(f.warnings.empty());
}

TEST_CASE("items repeated in a feed are kept once, the first time", "[digest][feed]") {
  const feed f = read("duplicates.rss");
  REQUIRE(f.items.size() == 3);
  CHECK(f.items[0].title == "Junior Fiction Box");
  CHECK(f.items[0].link == "https://reading.example.org/box/junior");
  CHECK(f.items[0].published == "2025-02-05");
  CHECK(f.items[1].title == "Picture Book Box");
  CHECK(f.items[1].guid == "https://reading.example.org/box/picture");  // no guid: the link
  CHECK(f.items[2].guid == "box-graphic");
  CHECK(f.warnings.empty());
}

TEST_CASE("items without a usable link are left out with a warning", "[digest][feed]") {
  const feed f = read("missing_links.rss");
  REQUIRE(f.items.size() == 3);
  CHECK(f.items[0].title == "Guid as permalink");
  CHECK(f.items[0].link == "https://roundup.example.school.nz/blog/2025/03/guid-permalink");
  CHECK(f.items[1].link == "https://roundup.example.school.nz/blog/2025/03/relative-link");
  // No title: the start of the description stands in.
  CHECK(f.items[2].title == "An item with no title, only this description of a new podcast series for Year 9…");
  CHECK(f.items[2].summary ==
        "An item with no title, only this description of a new podcast series for Year 9 and 10 history.");
  CHECK(f.warnings == strings{
      "item 1 (\"No link at all\"): has no web link, so it was left out. Teachers need a link to open it.",
      "item 2 (\"Script link\"): its link \"javascript:openRecord(17)\" is not a web address (http or https), "
      "so it was left out.",
      "item 6 (\"Mail link\"): its link \"mailto:library@example.school.nz\" is not a web address (http or "
      "https), so it was left out."});
}

TEST_CASE("a long description is cut at a word to 500 characters", "[digest][feed]") {
  std::string words;
  while (words.size() < 2000) words += "kōrero ";
  const auto r = parse_feed("<rss version=\"2.0\"><channel><title>T</title><item><title>Long</title>"
                            "<link>https://example.org/long</link><description>" + words +
                            "</description></item></channel></rss>");
  REQUIRE(r.ok);
  REQUIRE(r.parsed.items.size() == 1);
  const std::string& s = r.parsed.items[0].summary;
  // 71 whole words of 6 letters and a space, then the ellipsis: 71 * 7 - 1 + 1 = 497.
  std::string expected;
  for (int i = 0; i < 71; ++i) expected += i == 0 ? "kōrero" : " kōrero";
  CHECK(s == expected + "…");
}

TEST_CASE("a feed in another encoding, or with blank lines before the declaration", "[digest][feed]") {
  const std::string latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel>"
                             "<title>Caf\xE9 Reads</title><item><title>Na\xEFve Art</title>"
                             "<link>https://example.org/a</link></item></channel></rss>";
  auto r = parse_feed(latin1);
  REQUIRE(r.ok);
  CHECK(r.parsed.title == "Café Reads");
  CHECK(r.parsed.items.at(0).title == "Naïve Art");

  r = parse_feed("\xEF\xBB\xBF\n\n  <?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Blank</title>"
                 "</channel></rss>");
  REQUIRE(r.ok);
  CHECK(r.parsed.title == "Blank");
  CHECK(r.parsed.items.empty());
}
