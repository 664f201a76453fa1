#include "digest/feed_text.hpp"

#include <libxml/HTMLparser.h>

#include <array>
#include <climits>
#include <cstring>
#include <memory>

namespace commonsbot::digest::detail {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool name_in(const xmlChar* name, std::initializer_list<const char*> names) {
  if (name == nullptr) return false;
  for (const char* n : names)
    if (xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>(n)) == 0) return true;
  return false;
}

// Not shown to a reader.
bool hidden(const xmlNode* n) {
  return name_in(n->name, {"script", "style", "head", "noscript", "template", "iframe", "object"});
}

// Ends a line or a paragraph, so the words either side must not run together.
bool block(const xmlNode* n) {
  return name_in(n->name, {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
                           "h4", "h5", "h6", "tr", "td", "th", "table", "blockquote", "pre", "hr",
                           "section", "article", "header", "footer", "aside", "nav", "main",
                           "figure", "figcaption", "address", "form"});
}

// Pre-order walk under `root` without recursion. `enter` returns whether to go into an
// element's children; `leave` runs when an element is done. Entity references are never
// entered: their children are the entity's own content.
template <class Enter, class Leave>
void walk(const xmlNode* root, Enter enter, Leave leave) {
  if (root == nullptr) return;
  const xmlNode* n = root->children;
  while (n != nullptr) {
    if (n->type == XML_ELEMENT_NODE && enter(n) && n->children != nullptr) {
      n = n->children;
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) enter(n);
    else leave(n);
    while (n != root && n->next == nullptr) {
      n = n->parent;
      if (n == nullptr) return;
      if (n != root) leave(n);
    }
    if (n == root) return;
    n = n->next;
  }
}

void append_content(const xmlNode* n, std::string& out) {
  if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != nullptr)
    out += reinterpret_cast<const char*>(n->content);
}

}  // namespace

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool nbsp = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (is_space(c) || nbsp) {
      pending = true;
      if (nbsp) ++i;
      continue;
    }
    if (c < 0x20 || c == 0x7F) continue;
    if (pending && !out.empty()) out += ' ';
    pending = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::string tree_text(const xmlNode* node) {
  std::string out;
  walk(
      node,
      [&](const xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) {
          append_content(n, out);
          return false;
        }
        if (hidden(n)) return false;
        if (block(n)) out += ' ';
        return true;
      },
      [&](const xmlNode* n) {
        if (block(n)) out += ' ';
      });
  return collapse_whitespace(out);
}

std::string raw_text(const xmlNode* node) {
  std::string out;
  walk(
      node,
      [&](const xmlNode* n) {
        append_content(n, out);
        return n->type == XML_ELEMENT_NODE;
      },
      [](const xmlNode*) {});
  return out;
}

std::string html_to_text(std::string_view html) {
  if (html.empty()) return {};
  if (html.size() > static_cast<std::size_t>(INT_MAX)) return {};
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options), &xmlFreeDoc);
  if (!doc) return {};
  return tree_text(reinterpret_cast<const xmlNode*>(doc.get()));
}

bool looks_like_markup(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    const char next = text[i + 1];
    if (c == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!')) return true;
    if (c != '&') continue;
    std::size_t j = i + 1;
    if (text[j] == '#') ++j;
    const std::size_t start = j;
    while (j < text.size() && j - start < 10 && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
    if (j > start && j < text.size() && text[j] == ';') return true;
  }
  return false;
}

std::string cut_at_word(std::string_view text, std::size_t limit) {
  static constexpr std::string_view ellipsis = "…";
  std::size_t points = 0;
  std::size_t keep = std::string_view::npos;  // bytes in the first limit - 1 code points
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(text[i]))) continue;
    if (points == limit - 1) keep = i;
    ++points;
  }
  if (points <= limit || limit == 0) return std::string(limit == 0 ? std::string_view() : text);
  std::string_view head = text.substr(0, keep);
  // Whole words only, unless the first word alone is too long to show.
  if (!is_space(static_cast<unsigned char>(text[keep]))) {
    const std::size_t space = head.find_last_of(" \t\n");
    if (space != std::string_view::npos && space > 0) head = head.substr(0, space);
  }
  while (!head.empty() && std::strchr(" \t\n,;:-", head.back()) != nullptr) head.remove_suffix(1);
  return std::string(head) + std::string(ellipsis);
}

}  // namespace commonsbot::digest::detail
