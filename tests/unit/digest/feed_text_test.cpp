// Plain text from HTML and the word-boundary cut.
#include "digest/feed_text.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::digest::detail;

namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("HTML is reduced to the text a reader sees", "[digest][text]") {
  CHECK(html_to_text("<p>One</p><p>Two<br>Three</p>") == "One Two Three");
  CHECK(html_to_text("<b>Bold</b><i>italic</i> words") == "Bolditalic words");
  CHECK(html_to_text("Fish &amp; chips &mdash; &quot;yum&quot;&nbsp;&#8212;&#x2014;") == "Fish & chips — \"yum\" ——");
  CHECK(html_to_text("<script>alert(1)</script><style>p{}</style>Visible<noscript>no</noscript>") == "Visible");
  CHECK(html_to_text("<ul><li>Te reo</li><li>Pāngarau</li></ul>") == "Te reo Pāngarau");
  CHECK(html_to_text("<img src=x alt=Cover><a href='https://e.org'>Link</a>") == "Link");
  CHECK(html_to_text("Plain text & a < b") == "Plain text & a < b");
  CHECK(html_to_text("<p>Unclosed <b>markup") == "Unclosed markup");
  CHECK(html_to_text("").empty());
  CHECK(html_to_text("   \n\t ").empty());
}

TEST_CASE("whitespace collapses, no-break spaces included, control characters go", "[digest][text]") {
  CHECK(collapse_whitespace("  a \n\t b\xC2\xA0\xC2\xA0" "c\x01\x7F  ") == "a b c");
  CHECK(collapse_whitespace("Māori").size() == std::string("Māori").size());
}

TEST_CASE("markup is recognised in titles that may or may not hold it", "[digest][text]") {
  CHECK(looks_like_markup("<b>New</b>"));
  CHECK(looks_like_markup("Kiwi &amp; Kea"));
  CHECK(looks_like_markup("Rock &#38; roll"));
  CHECK_FALSE(looks_like_markup("Fish & Chips"));
  CHECK_FALSE(looks_like_markup("a < b and c > d"));
}

TEST_CASE("text is cut at a word boundary with an ellipsis", "[digest][text]") {
  CHECK(cut_at_word("short", 500) == "short");
  CHECK(cut_at_word("one two three four", 10) == "one two…");
  CHECK(cut_at_word("one two, three", 9) == "one two…");  // no dangling comma
  CHECK(cut_at_word("abcdefghijkl", 6) == "abcde…");      // one long word is cut inside
  CHECK(cut_at_word("ōōōō ōōōō", 6) == "ōōōō…");           // counted in characters, not bytes
  CHECK(cut_at_word("exactly ten", 11) == "exactly ten");
  CHECK(cut_at_word("ab cd ef", 6) == "ab cd…");           // a word ending exactly at the cut

  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "wāhi ";
  const std::string cut = cut_at_word(collapse_whitespace(long_text), 500);
  CHECK(code_points(cut) <= 500);
  CHECK(cut.ends_with("wāhi…"));
}
