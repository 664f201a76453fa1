// RSS 2.0 and Atom feeds (a library system's "new items" list, a publisher, a curated
// collection) read with libxml2 into items the digest can match. A feed that is not XML,
// not RSS/Atom, or bigger than the limit is an error with words for the library staff who
// configured it; a bad item is skipped with a warning, the rest kept.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::digest {

struct feed_item {
  std::string guid;         // RSS guid / Atom id; the link when the feed gives neither
  std::string title;        // plain text (markup and entities decoded)
  std::string link;         // http(s) URL
  std::string summary;      // plain text, at most 500 characters, cut at a word
  std::vector<std::string> categories;
  std::string published;    // "YYYY-MM-DD" (RFC 822 or RFC 3339 read), empty if none
  bool operator==(const feed_item&) const = default;
};

struct feed {
  enum class format { rss, atom };
  format kind = format::rss;
  std::string title;
  std::vector<feed_item> items;     // in the feed's order, duplicates (same guid) dropped
  std::vector<std::string> warnings;  // "item 3: no link" ...
};

struct parse_result {
  bool ok = false;
  feed parsed;
  std::string error;  // !ok: what is wrong, e.g. "not RSS or Atom: the root element is <html>"
};

inline constexpr std::size_t max_feed_bytes = 5 * 1024 * 1024;

parse_result parse_feed(std::string_view xml, std::size_t max_bytes = max_feed_bytes);

}  // namespace commonsbot::digest
