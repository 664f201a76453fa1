// The pieces parse_feed is built from, shared by the RSS and Atom readers. Internal to
// bot/digest; tests use them directly.
#pragma once

#include "digest/feed.hpp"

#include <libxml/tree.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace commonsbot::digest::detail {

// Elements are recognised by namespace URI and local name, never by prefix.
inline constexpr const char* atom_ns = "http://www.w3.org/2005/Atom";
inline constexpr const char* atom03_ns = "http://purl.org/atom/ns#";  // before Atom 1.0
inline constexpr const char* rss1_ns = "http://purl.org/rss/1.0/";
inline constexpr const char* rss090_ns = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr const char* rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr const char* dc_ns = "http://purl.org/dc/elements/1.1/";
inline constexpr const char* content_ns = "http://purl.org/rss/1.0/modules/content/";
inline constexpr const char* xml_ns = "http://www.w3.org/XML/1998/namespace";

// `ns` nullptr means "in no namespace" (plain RSS 2.0 elements).
bool is_element(const xmlNode* n, const char* ns, const char* local);
const xmlNode* first_child(const xmlNode* parent, const char* ns, const char* local);
std::vector<const xmlNode*> children(const xmlNode* parent, const char* ns, const char* local);

// An attribute's value from its text alone (entity references ignored); empty if absent.
std::string attribute(const xmlNode* n, const char* local, const char* ns = nullptr);
// The element's character data, whitespace collapsed; empty for nullptr.
std::string text_of(const xmlNode* n);
// A title that may hold escaped HTML ("&lt;b&gt;New&lt;/b&gt;" in RSS) as plain text.
std::string title_text(const xmlNode* n);

// The xml:base in force at `n` (empty if none).
std::string base_of(const xmlNode* n);
bool is_http_link(std::string_view link);
// `href` made absolute against `base` when it is relative; empty unless the result is an
// http(s) URL. Spaces inside are percent-encoded, as browsers do.
std::string resolve_link(std::string_view href, std::string_view base);

// What a reader found in one item, before checking and tidying.
struct raw_item {
  std::string guid;
  std::string title;
  std::string link;       // absolute http(s) URL, or empty
  std::string link_seen;  // what the feed gave as the link, for the warning when it is unusable
  std::string text;       // plain text, not yet shortened
  std::vector<std::string> categories;
  std::string date;       // as written in the feed
};

// Checks and tidies items in feed order: numbering for warnings, the link rule, duplicates.
class item_sink {
 public:
  explicit item_sink(feed& out) : out_(out) {}
  void add(raw_item item);

 private:
  void warn(const raw_item& item, std::string_view what);
  feed& out_;
  std::unordered_set<std::string> seen_;
  int number_ = 0;
};

// Each fills `out` from the root element; a non-empty return is the error.
std::string read_rss(const xmlNode* root, feed& out);
std::string read_rdf(const xmlNode* root, feed& out);
std::string read_atom(const xmlNode* root, feed& out);

}  // namespace commonsbot::digest::detail
