// Plain text out of what feeds carry: HTML descriptions, XHTML content, titles that may or may
// not hold markup. Digests are read in chat, so everything ends as one line of plain text.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace commonsbot::digest::detail {

// Runs of whitespace (including no-break spaces) become one space, control characters go,
// and the ends are trimmed.
std::string collapse_whitespace(std::string_view text);

// The text a reader would see in an HTML fragment, read with libxml2's HTML parser (never
// regular expressions): scripts and styles dropped, entities decoded, blocks separated by a
// space, whitespace collapsed.
std::string html_to_text(std::string_view html);

// The same for markup already in a tree (Atom type="xhtml" content): the visible text under
// `node`, walked without recursion so a deeply nested document cannot exhaust the stack.
std::string tree_text(const xmlNode* node);

// The character data directly and indirectly under `node`, ignoring entity references:
// expanding those is how "billion laughs" documents attack a reader.
std::string raw_text(const xmlNode* node);

// True when text holds something an HTML parser would change: a tag or an entity reference.
// Titles are often plain ("Fish & Chips") and sometimes escaped HTML ("<b>New</b>").
bool looks_like_markup(std::string_view text);

// At most `limit` characters (UTF-8 code points), cut at a word boundary and ending in "…"
// when anything was cut.
std::string cut_at_word(std::string_view text, std::size_t limit);

}  // namespace commonsbot::digest::detail
