// Reading elements and attributes safely, links, and the item checks every format shares.
#include "digest/feed_dates.hpp"
#include "digest/feed_parts.hpp"
#include "digest/feed_text.hpp"

#include <libxml/uri.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

namespace commonsbot::digest::detail {
namespace {

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

bool same_ns(const xmlNs* ns, const char* uri) {
  if (uri == nullptr) return ns == nullptr || ns->href == nullptr;
  return ns != nullptr && ns->href != nullptr && xmlStrEqual(ns->href, x(uri));
}

// "Rivers of Aotearoa" for a warning; short, so a list of warnings stays readable.
std::string label(const raw_item& item) {
  if (item.title.empty()) return {};
  return " (\"" + cut_at_word(item.title, 60) + "\")";
}

}  // namespace

bool is_element(const xmlNode* n, const char* ns, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, x(local)) && same_ns(n->ns, ns);
}

const xmlNode* first_child(const xmlNode* parent, const char* ns, const char* local) {
  if (parent == nullptr) return nullptr;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next)
    if (is_element(c, ns, local)) return c;
  return nullptr;
}

std::vector<const xmlNode*> children(const xmlNode* parent, const char* ns, const char* local) {
  std::vector<const xmlNode*> out;
  if (parent == nullptr) return out;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next)
    if (is_element(c, ns, local)) out.push_back(c);
  return out;
}

std::string attribute(const xmlNode* n, const char* local, const char* ns) {
  if (n == nullptr || n->type != XML_ELEMENT_NODE) return {};
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (!xmlStrEqual(a->name, x(local)) || !same_ns(a->ns, ns)) continue;
    std::string out;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next)
      if (c->type == XML_TEXT_NODE && c->content != nullptr) out += reinterpret_cast<const char*>(c->content);
    return out;
  }
  return {};
}

std::string text_of(const xmlNode* n) { return n == nullptr ? std::string() : collapse_whitespace(raw_text(n)); }

std::string title_text(const xmlNode* n) {
  if (n == nullptr) return {};
  std::string text = raw_text(n);
  return looks_like_markup(text) ? html_to_text(text) : collapse_whitespace(text);
}

std::string base_of(const xmlNode* n) {
  std::vector<std::string> bases;  // innermost first
  for (; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    std::string b = attribute(n, "base", xml_ns);
    if (!b.empty()) bases.push_back(collapse_whitespace(b));
  }
  std::string base;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it)
    base = base.empty() ? *it : resolve_link(*it, base);
  return base;
}

bool is_http_link(std::string_view link) {
  std::string scheme(link.substr(0, 8));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t host = scheme.starts_with("https://") ? 8 : scheme.starts_with("http://") ? 7 : 0;
  if (host == 0 || host >= link.size() || link[host] == '/') return false;
  return std::none_of(link.begin(), link.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7F; });
}

std::string resolve_link(std::string_view href, std::string_view base) {
  std::string link;
  for (char c : collapse_whitespace(href)) link += c == ' ' ? std::string("%20") : std::string(1, c);
  if (link.empty()) return {};
  if (is_http_link(link)) return link;
  if (base.empty() || link.find(':') < link.find_first_of("/?#")) return {};  // another scheme
  const std::string b(base);
  std::unique_ptr<xmlChar, decltype(xmlFree)> built(xmlBuildURI(x(link.c_str()), x(b.c_str())), xmlFree);
  if (!built) return {};
  std::string out(reinterpret_cast<const char*>(built.get()));
  return is_http_link(out) ? out : std::string();
}

void item_sink::warn(const raw_item& item, std::string_view what) {
  out_.warnings.push_back("item " + std::to_string(number_) + label(item) + ": " + std::string(what));
}

void item_sink::add(raw_item item) {
  ++number_;
  if (item.title.empty()) item.title = item.text.empty() ? item.link : cut_at_word(item.text, 80);
  if (item.link.empty()) {
    if (item.link_seen.empty())
      warn(item, "has no web link, so it was left out. Teachers need a link to open it.");
    else
      warn(item, "its link \"" + cut_at_word(item.link_seen, 80) +
                     "\" is not a web address (http or https), so it was left out.");
    return;
  }
  if (item.guid.empty()) item.guid = item.link;
  if (!seen_.insert(item.guid).second) return;  // the same item listed twice: keep the first

  const std::string date = collapse_whitespace(item.date);
  feed_item out;
  out.published = feed_date(date);
  if (!date.empty() && out.published.empty())
    warn(item, "its date \"" + cut_at_word(date, 40) + "\" could not be read, so it shows no date.");
  out.guid = std::move(item.guid);
  out.title = std::move(item.title);
  out.link = std::move(item.link);
  out.summary = cut_at_word(item.text, 500);
  for (auto& c : item.categories) {
    std::string name = collapse_whitespace(c);
    if (!name.empty() && std::find(out.categories.begin(), out.categories.end(), name) == out.categories.end())
      out.categories.push_back(std::move(name));
  }
  out_.items.push_back(std::move(out));
}

}  // namespace commonsbot::digest::detail
