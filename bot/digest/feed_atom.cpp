// Atom 1.0 (RFC 4287), and the Atom 0.3 feeds a few old systems still publish.
#include "digest/feed_parts.hpp"
#include "digest/feed_text.hpp"

#include <cctype>

namespace commonsbot::digest::detail {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// An Atom text construct as plain text: type="text" (the default) as written, "html"
// escaped markup, "xhtml" markup inline. Atom 0.3 said the same with MIME types and mode.
// Other media types (an image in <content>) have no text to show.
std::string text_construct(const xmlNode* n) {
  if (n == nullptr || !attribute(n, "src").empty()) return {};
  const std::string type = lower(collapse_whitespace(attribute(n, "type")));
  const std::string mode = lower(collapse_whitespace(attribute(n, "mode")));
  if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml") return tree_text(n);
  if (type == "html" || type == "text/html" || mode == "escaped") return html_to_text(raw_text(n));
  if (type.empty() || type == "text" || type.starts_with("text/")) return text_of(n);
  return {};
}

bool is_alternate(const xmlNode* link) {
  const std::string rel = collapse_whitespace(attribute(link, "rel"));
  return rel.empty() || rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate";
}

// The entry's page: an alternate link, the HTML one if there are several.
std::string alternate_href(const xmlNode* entry, const char* ns, const xmlNode** chosen) {
  *chosen = nullptr;
  for (const xmlNode* link : children(entry, ns, "link")) {
    if (!is_alternate(link)) continue;
    const std::string type = lower(collapse_whitespace(attribute(link, "type")));
    if (*chosen == nullptr || type == "text/html") *chosen = link;
    if (type == "text/html") break;
  }
  return *chosen == nullptr ? std::string() : attribute(*chosen, "href");
}

raw_item read_entry(const xmlNode* entry, const char* ns) {
  raw_item r;
  r.title = text_construct(first_child(entry, ns, "title"));
  const xmlNode* link = nullptr;
  r.link_seen = collapse_whitespace(alternate_href(entry, ns, &link));
  if (link != nullptr) r.link = resolve_link(r.link_seen, base_of(link));
  r.guid = text_of(first_child(entry, ns, "id"));
  r.text = text_construct(first_child(entry, ns, "summary"));
  if (r.text.empty()) r.text = text_construct(first_child(entry, ns, "content"));
  for (const xmlNode* c : children(entry, ns, "category")) {
    std::string term = attribute(c, "term");
    r.categories.push_back(term.empty() ? attribute(c, "label") : term);
  }
  for (const char* name : {"published", "updated", "issued", "modified", "created"}) {
    r.date = text_of(first_child(entry, ns, name));
    if (!r.date.empty()) break;
  }
  return r;
}

}  // namespace

std::string read_atom(const xmlNode* root, feed& out) {
  const char* ns = is_element(root, atom_ns, "feed") ? atom_ns : atom03_ns;
  out.kind = feed::format::atom;
  out.title = text_construct(first_child(root, ns, "title"));
  item_sink sink(out);
  for (const xmlNode* entry : children(root, ns, "entry")) sink.add(read_entry(entry, ns));
  return {};
}

}  // namespace commonsbot::digest::detail
