// parse_feed: the checks before parsing, the safe libxml2 settings, and the choice of reader
// by root element. Errors are written for the library staff who configured the feed.
#include "digest/feed.hpp"

#include "digest/feed_parts.hpp"
#include "digest/feed_text.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <memory>
#include <mutex>

namespace commonsbot::digest {
namespace {

using doc_ptr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

// No network, no messages on stderr, CDATA as text. Deliberately without XML_PARSE_NOENT,
// XML_PARSE_DTDLOAD and XML_PARSE_HUGE: entities stay unexpanded and external ones are never
// fetched, so entity-expansion ("billion laughs") and external-entity documents fail safely.
constexpr int xml_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

parse_result failure(std::string error) {
  parse_result r;
  r.error = std::move(error);
  return r;
}

// "740 KB", "5.0 MB": how big a feed is, in the units a browser's download list uses.
std::string size_words(std::size_t bytes) {
  char buf[32];
  if (bytes < 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%zu KB", std::max<std::size_t>(1, (bytes + 512) / 1024));
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

bool contains_nocase(std::string_view text, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i)
    if (starts_with_nocase(text.substr(i), needle)) return true;
  return false;
}

// Servers send a web page for a moved or mistyped feed address, or a login page. Decided by
// the document's first tag (past the XML declaration, comments and doctype), so a feed that
// merely mentions <body> in a description is not mistaken for one.
bool looks_like_html(std::string_view text) {
  std::size_t i = 0;
  while ((i = text.find('<', i)) != std::string_view::npos && i + 1 < text.size()) {
    const std::string_view rest = text.substr(i);
    std::string_view close = ">";
    if (rest.starts_with("<?")) close = "?>";
    else if (rest.starts_with("<!--")) close = "-->";
    else if (starts_with_nocase(rest, "<!doctype")) {
      std::string_view name = rest.substr(9);
      name.remove_prefix(std::min(name.find_first_not_of(" \t\r\n"), name.size()));
      if (starts_with_nocase(name, "html")) return true;
    } else {
      return starts_with_nocase(rest, "<html") || starts_with_nocase(rest, "<head") || starts_with_nocase(rest, "<body");
    }
    const std::size_t end = text.find(close, i);
    if (end == std::string_view::npos) return false;
    i = end + close.size();
  }
  return false;
}

// The feed a web page advertises (<link rel="alternate" type="application/rss+xml">), so
// the error can name the address to use instead.
std::string advertised_feed(std::string_view page) {
  if (page.size() > static_cast<std::size_t>(INT_MAX)) return {};
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  doc_ptr doc(htmlReadMemory(page.data(), static_cast<int>(page.size()), nullptr, nullptr, options), &xmlFreeDoc);
  if (!doc) return {};
  // <link> lives in <head>; walk only html > head > link, which is where browsers look.
  const xmlNode* html = xmlDocGetRootElement(doc.get());
  for (const xmlNode* part = html ? html->children : nullptr; part != nullptr; part = part->next) {
    if (part->type != XML_ELEMENT_NODE || xmlStrcasecmp(part->name, BAD_CAST "head") != 0) continue;
    for (const xmlNode* link = part->children; link != nullptr; link = link->next) {
      if (link->type != XML_ELEMENT_NODE || xmlStrcasecmp(link->name, BAD_CAST "link") != 0) continue;
      const std::string rel = detail::collapse_whitespace(detail::attribute(link, "rel"));
      const std::string type = detail::collapse_whitespace(detail::attribute(link, "type"));
      if (!contains_nocase(rel, "alternate")) continue;
      if (type != "application/rss+xml" && type != "application/atom+xml") continue;
      const std::string href = detail::collapse_whitespace(detail::attribute(link, "href"));
      if (!href.empty()) return href;
    }
  }
  return {};
}

std::string html_error(std::string_view page) {
  const std::string feed = advertised_feed(page);
  if (!feed.empty())
    return "this address gives a web page (HTML), not a feed. The page says its feed is at " + feed +
           ": use that address instead.";
  return "this address gives a web page (HTML), not an RSS or Atom feed. Look on the page for a feed link "
         "(often called RSS, Atom or Subscribe) and use that address instead.";
}

std::string xml_error(const xmlError* e) {
  // libxml2 stops documents whose entities expand without limit ("billion laughs").
  if (e != nullptr && (e->code == XML_ERR_ENTITY_LOOP))
    return "the feed was refused: it defines entities that expand into a huge document, which is how some "
           "attacks on feed readers work. Tell your IT support and the feed's publisher before adding it again.";
  std::string what = e != nullptr && e->message != nullptr ? detail::collapse_whitespace(e->message) : "";
  if (what.empty()) what = "unreadable";
  const int line = e != nullptr ? e->line : 0;
  return "the feed is not valid XML (" + (line > 0 ? "line " + std::to_string(line) + ": " : std::string()) + what +
         "). It may have been cut off while downloading, or the address may not be a feed: try again later, "
         "and if it keeps happening tell the feed's publisher.";
}

// Strips what some servers put before the XML declaration (a byte-order mark, blank lines
// from a template), which libxml2 would otherwise refuse.
std::string_view trim_front(std::string_view xml) {
  if (xml.starts_with("\xEF\xBB\xBF")) xml.remove_prefix(3);
  const std::size_t start = xml.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : xml.substr(start);
}

}  // namespace

parse_result parse_feed(std::string_view xml, std::size_t max_bytes) {
  if (xml.size() > max_bytes || xml.size() > static_cast<std::size_t>(INT_MAX))
    return failure("the feed is too big to read (" + size_words(xml.size()) + "; the limit is " +
                   size_words(max_bytes) + "). Ask the publisher for a feed with fewer items, or use a narrower "
                   "one (a single collection or subject).");
  xml = trim_front(xml);
  if (xml.empty())
    return failure("the feed is empty: the address gave nothing to read. Check it opens in a web browser, "
                   "or try again later.");
  if (looks_like_html(xml)) return failure(html_error(xml));

  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(), &xmlFreeParserCtxt);
  if (!ctxt) return failure("the feed could not be read (out of memory). Try again later.");
  doc_ptr doc(xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, xml_options),
              &xmlFreeDoc);
  if (!doc) return failure(xml_error(xmlCtxtGetLastError(ctxt.get())));

  const xmlNode* root = xmlDocGetRootElement(doc.get());
  parse_result r;
  if (root == nullptr) return failure(xml_error(nullptr));
  if (detail::is_element(root, nullptr, "rss")) r.error = detail::read_rss(root, r.parsed);
  else if (detail::is_element(root, detail::rdf_ns, "RDF")) r.error = detail::read_rdf(root, r.parsed);
  else if (detail::is_element(root, detail::atom_ns, "feed") || detail::is_element(root, detail::atom03_ns, "feed"))
    r.error = detail::read_atom(root, r.parsed);
  else if (xmlStrcasecmp(root->name, BAD_CAST "html") == 0) r.error = html_error(xml);
  else if (xmlStrEqual(root->name, BAD_CAST "feed"))
    r.error = "not RSS or Atom: the root element is <feed> but not in the Atom namespace. Tell the feed's "
              "publisher; it needs xmlns=\"http://www.w3.org/2005/Atom\".";
  else
    r.error = "not RSS or Atom: the root element is <" + std::string(reinterpret_cast<const char*>(root->name)) +
              ">. Check the address is the feed itself (it often ends in .rss, .xml or /feed).";
  r.ok = r.error.empty();
  if (!r.ok) r.parsed = {};
  return r;
}

}  // namespace commonsbot::digest
