// RSS 2.0 (and the 0.9x feeds shaped like it) and RSS 1.0, the RDF one.
#include "digest/feed_parts.hpp"
#include "digest/feed_text.hpp"

namespace commonsbot::digest::detail {
namespace {

// Descriptions are HTML by the RSS convention (escaped or in CDATA); content:encoded is
// the full article, used only when there is no description.
std::string item_text(const xmlNode* item, const char* ns) {
  std::string text = html_to_text(raw_text(first_child(item, ns, "description")));
  if (text.empty()) text = html_to_text(raw_text(first_child(item, content_ns, "encoded")));
  return text;
}

void add_categories(const xmlNode* item, const char* ns, raw_item& out) {
  if (ns == nullptr)
    for (const xmlNode* c : children(item, nullptr, "category")) out.categories.push_back(text_of(c));
  for (const xmlNode* c : children(item, dc_ns, "subject")) out.categories.push_back(text_of(c));
}

raw_item read_rss_item(const xmlNode* item, const std::string& channel_link) {
  raw_item out;
  out.title = title_text(first_child(item, nullptr, "title"));
  std::string base = base_of(item);
  if (base.empty()) base = channel_link;
  out.link_seen = text_of(first_child(item, nullptr, "link"));
  const xmlNode* guid = first_child(item, nullptr, "guid");
  out.guid = text_of(guid);
  // A guid is a permalink unless it says otherwise: the link when <link> is missing.
  if (out.link_seen.empty() && guid != nullptr && attribute(guid, "isPermaLink") != "false")
    out.link_seen = out.guid;
  out.link = resolve_link(out.link_seen, base);
  out.text = item_text(item, nullptr);
  add_categories(item, nullptr, out);
  out.date = text_of(first_child(item, nullptr, "pubDate"));
  if (out.date.empty()) out.date = text_of(first_child(item, dc_ns, "date"));
  return out;
}

}  // namespace

std::string read_rss(const xmlNode* root, feed& out) {
  const xmlNode* channel = first_child(root, nullptr, "channel");
  if (channel == nullptr)
    return "this RSS feed has no <channel>, so there are no items to read. Tell the feed's publisher.";
  out.kind = feed::format::rss;
  out.title = title_text(first_child(channel, nullptr, "title"));
  const std::string channel_link = resolve_link(text_of(first_child(channel, nullptr, "link")), {});
  item_sink sink(out);
  // Items belong in the channel; a few old feeds put them beside it.
  for (const xmlNode* parent : {channel, root})
    for (const xmlNode* item : children(parent, nullptr, "item")) sink.add(read_rss_item(item, channel_link));
  return {};
}

std::string read_rdf(const xmlNode* root, feed& out) {
  const char* ns = first_child(root, rss1_ns, "channel") != nullptr ? rss1_ns : rss090_ns;
  const xmlNode* channel = first_child(root, ns, "channel");
  if (channel == nullptr)
    return "this RDF document is not an RSS 1.0 feed (it has no RSS <channel>). Check the address is the feed itself.";
  out.kind = feed::format::rss;
  out.title = title_text(first_child(channel, ns, "title"));
  const std::string channel_link = resolve_link(text_of(first_child(channel, ns, "link")), {});
  item_sink sink(out);
  for (const xmlNode* item : children(root, ns, "item")) {
    raw_item r;
    r.title = title_text(first_child(item, ns, "title"));
    r.link_seen = text_of(first_child(item, ns, "link"));
    r.guid = attribute(item, "about", rdf_ns);
    if (r.link_seen.empty()) r.link_seen = r.guid;
    std::string base = base_of(item);
    r.link = resolve_link(r.link_seen, base.empty() ? channel_link : base);
    r.text = item_text(item, ns);
    add_categories(item, ns, r);
    r.date = text_of(first_child(item, dc_ns, "date"));
    sink.add(std::move(r));
  }
  return {};
}

}  // namespace commonsbot::digest::detail
