#include "adapters/slack/block_kit.hpp"

#include "adapters/slack/json_out.hpp"
#include "core/text.hpp"
#include "log/log.hpp"

#include <algorithm>
#include <charconv>

namespace commonsbot::adapters::slack {
namespace {

using json_out::append_string;

// Text objects, written as JSON: {"type":"mrkdwn","text":…} and the plain_text kind.
void mrkdwn(std::string& out, std::string_view text) {
  out += R"({"type":"mrkdwn","text":)";
  append_string(out, text);
  out += '}';
}
void plain(std::string& out, std::string_view text) {
  out += R"({"type":"plain_text","text":)";
  append_string(out, text);
  out += R"(,"emoji":true})";
}

// `items` (JSON texts) as a JSON array.
void array(std::string& out, const std::vector<std::string>& items, std::size_t from = 0,
           std::size_t to = std::string::npos) {
  to = std::min(to, items.size());
  out += '[';
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out += ',';
    out += items[i];
  }
  out += ']';
}

bool fits(std::string_view s, std::size_t max_chars) { return core::utf8_length(s) <= max_chars; }

// Collects blocks, written straight into each page's JSON array, into pages of at most
// max_blocks_per_message.
class builder {
 public:
  // The string to append one block's JSON object to; `fallback` joins the page's text.
  std::string& block(std::string_view fallback) {
    if (count_ == max_blocks_per_message) flush();
    blocks_ += count_++ ? ',' : '[';
    if (!fallback.empty()) {
      if (!text_.empty()) text_ += "\n";
      text_ += fallback;
    }
    return blocks_;
  }
  void sections(std::string_view escaped) {
    if (escaped.empty()) return;
    if (fits(escaped, max_section_text)) return section(escaped);
    for (const auto& piece : split_text(escaped, max_section_text))
      if (!piece.empty()) section(piece);
  }
  std::vector<page_json> finish() {
    if (count_ > 0 || pages_.empty()) flush();
    for (auto& p : pages_) p.text = summary(p.text);
    return std::move(pages_);
  }

 private:
  void section(std::string_view piece) {
    auto& out = block(piece);
    out += R"({"type":"section","text":)";
    mrkdwn(out, piece);
    out += '}';
  }
  void flush() {
    blocks_ += count_ ? "]" : "[]";
    pages_.push_back({std::move(blocks_), std::move(text_)});
    blocks_.clear();
    text_.clear();
    count_ = 0;
  }
  static std::string summary(const std::string& text) {
    if (fits(text, max_fallback_text)) return text.empty() ? std::string(" ") : text;
    auto pieces = split_text(text, max_fallback_text - 1);
    return pieces.front() + "\xE2\x80\xA6";  // "…": the full text is in the blocks
  }
  std::vector<page_json> pages_;
  std::string blocks_;  // the current page's array, open: "[" and its blocks so far
  std::string text_;    // the current page's fallback
  std::size_t count_ = 0;
};

std::string numbered(const std::vector<core::choice>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i)
    out += (i ? "\n" : "") + std::to_string(i + 1) + ". " + escape_mrkdwn(choices[i].label);
  return out;
}

// Blocks of {"type":"actions"} holding at most max_actions_elements of `elements` each.
void add_actions(builder& b, const std::vector<std::string>& elements) {
  for (std::size_t start = 0; start < elements.size(); start += max_actions_elements) {
    auto& out = b.block("");
    out += R"({"type":"actions","elements":)";
    array(out, elements, start, start + max_actions_elements);
    out += '}';
  }
}

void add_choices(builder& b, const std::vector<core::choice>& choices) {
  if (choices.empty()) return;
  const bool labels_fit = std::all_of(choices.begin(), choices.end(), [](const core::choice& c) {
    return fits(c.label, max_button_text) && !c.label.empty();
  });
  // A label too long for a button is listed in full and the control shows its number.
  if (!labels_fit) b.sections(numbered(choices));
  auto label = [&](std::size_t i) { return labels_fit ? choices[i].label : std::to_string(i + 1); };
  std::vector<std::string> elements;
  if (choices.size() <= max_buttons) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
      std::string& e = elements.emplace_back(R"({"type":"button","text":)");
      plain(e, label(i));
      e += R"(,"action_id":)";
      append_string(e, choices[i].id);
      if (!choices[i].value.empty()) {
        e += R"(,"value":)";
        append_string(e, choices[i].value);
      }
      e += '}';
    }
  } else {
    // Many choices: selects of at most max_select_options each; the option value is the
    // choice id, so a pick comes back as that choice.
    for (std::size_t start = 0; start < choices.size(); start += max_select_options) {
      const std::size_t end = std::min(choices.size(), start + max_select_options);
      const std::string range = std::to_string(start + 1) + "\xE2\x80\x93" + std::to_string(end);
      std::string& e = elements.emplace_back(R"({"type":"static_select","action_id":)");
      append_string(e, "select." + std::to_string(start / max_select_options));
      e += R"(,"placeholder":)";
      plain(e, choices.size() > max_select_options ? "Choose " + range : "Choose");
      e += R"(,"options":[)";
      for (std::size_t i = start; i < end; ++i) {
        e += i > start ? R"(,{"text":)" : R"({"text":)";
        plain(e, label(i));
        e += R"(,"value":)";
        append_string(e, choices[i].id);
        e += '}';
      }
      e += "]}";
    }
  }
  add_actions(b, elements);
}

void add_checklist(builder& b, const std::vector<core::checklist_item>& items) {
  if (items.empty()) return;
  const bool labels_fit = std::all_of(items.begin(), items.end(), [](const core::checklist_item& c) {
    return fits(escape_mrkdwn(c.label), max_option_text) && !c.label.empty();
  });
  std::string listing;
  for (std::size_t i = 0; i < items.size(); ++i)
    listing += (i ? "\n" : "") + std::to_string(i + 1) + ". " + (items[i].ticked ? "[x] " : "[ ] ") +
               escape_mrkdwn(items[i].label);
  if (!labels_fit) b.sections(listing);
  for (std::size_t start = 0, chunk = 0; start < items.size(); start += max_checkbox_options, ++chunk) {
    std::vector<std::string> options, initial;
    unsigned mask = 0;
    for (std::size_t i = start; i < std::min(items.size(), start + max_checkbox_options); ++i) {
      std::string& o = options.emplace_back(R"({"text":)");
      mrkdwn(o, labels_fit ? escape_mrkdwn(items[i].label) : std::to_string(i + 1));
      o += R"(,"value":)";
      append_string(o, items[i].id);
      if (!items[i].ticked_by.empty()) {
        o += R"(,"description":)";
        mrkdwn(o, escape_mrkdwn("ticked by " + items[i].ticked_by));
      }
      o += '}';
      if (items[i].ticked) {
        initial.push_back(o);
        mask |= 1u << (i - start);
      }
    }
    auto& out = b.block(labels_fit && chunk == 0 ? listing : "");
    out += R"({"type":"actions","block_id":)";
    append_string(out, checklist_block_id(chunk, mask));
    out += R"(,"elements":[{"type":"checkboxes","action_id":)";
    append_string(out, "checklist." + std::to_string(chunk));
    out += R"(,"options":)";
    array(out, options);
    if (!initial.empty()) {  // Slack refuses an empty list
      out += R"(,"initial_options":)";
      array(out, initial);
    }
    out += "}]}";
  }
}

void add_fields(builder& b, const std::vector<core::field>& fields) {
  std::vector<std::string> texts;  // mrkdwn objects
  std::string fallback;
  auto flush_fields = [&] {
    if (texts.empty()) return;
    auto& out = b.block(fallback);
    out += R"({"type":"section","fields":)";
    array(out, texts);
    out += '}';
    texts.clear();
    fallback.clear();
  };
  for (const auto& f : fields) {
    std::string t = "*" + escape_mrkdwn(f.label) + "*\n" + escape_mrkdwn(f.value);
    if (!fits(t, max_field_text)) {  // too long for a field: its own sections, in order
      flush_fields();
      b.sections(t);
      continue;
    }
    fallback += (fallback.empty() ? "" : "\n") + t;
    mrkdwn(texts.emplace_back(), t);
    if (texts.size() == max_fields_per_section) flush_fields();
  }
  flush_fields();
}

void add_context(builder& b, std::string_view context) {
  if (context.empty()) return;
  auto pieces = split_text(escape_mrkdwn(context), max_section_text);
  for (std::size_t start = 0; start < pieces.size(); start += max_context_elements) {
    auto& out = b.block("");
    out += R"({"type":"context","elements":[)";
    for (std::size_t i = start; i < std::min(pieces.size(), start + max_context_elements); ++i) {
      if (i > start) out += ',';
      mrkdwn(out, pieces[i]);
    }
    out += "]}";
  }
}

}  // namespace

std::string escape_mrkdwn(std::string_view s) {
  // Most text has none of the three: three memchr scans are much faster than a byte loop.
  // (find_first_of would call memchr once per byte.)
  const auto has = [s](char c) { return s.find(c) != std::string_view::npos; };
  if (!has('&') && !has('<') && !has('>')) return std::string(s);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  std::size_t done = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c != '&' && c != '<' && c != '>') continue;
    out.append(s.data() + done, i - done);
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
    done = i + 1;
  }
  out.append(s.data() + done, s.size() - done);
  return out;
}

std::vector<std::string> split_text(std::string_view s, std::size_t max_chars) {
  std::vector<std::string> out;
  while (core::utf8_length(s) > max_chars) {
    const std::size_t limit = core::utf8_prefix_bytes(s, max_chars);
    std::size_t cut = limit;
    if (auto nl = s.rfind('\n', limit - 1); nl != std::string_view::npos && nl >= limit / 2) cut = nl + 1;
    else if (auto sp = s.rfind(' ', limit - 1); sp != std::string_view::npos && sp >= limit / 2) cut = sp + 1;
    // Never split an entity: "&am" + "p;" would show both halves literally.
    if (auto amp = s.rfind('&', cut - 1); amp != std::string_view::npos && cut - amp < 5 &&
                                          s.substr(amp, cut - amp).find(';') == std::string_view::npos && amp > 0)
      cut = amp;
    out.emplace_back(s.substr(0, cut));
    s.remove_prefix(cut);
  }
  if (!s.empty() || out.empty()) out.emplace_back(s);
  return out;
}

std::string checklist_block_id(std::size_t chunk, unsigned mask) {
  return "cl" + std::to_string(chunk) + "." + std::to_string(mask);
}

bool parse_checklist_block_id(std::string_view id, unsigned& mask) {
  if (id.substr(0, 2) != "cl") return false;
  const auto dot = id.find('.');
  if (dot == std::string_view::npos) return false;
  const auto digits = id.substr(dot + 1);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), mask);
  return ec == std::errc{} && p == digits.data() + digits.size();
}

std::vector<page_json> render_pages_json(const core::message& m) {
  builder b;
  b.sections(escape_mrkdwn(m.text));
  for (const auto& s : m.sections) {
    if (!s.title.empty()) b.sections("*" + escape_mrkdwn(s.title) + "*");
    b.sections(escape_mrkdwn(s.text));
    add_fields(b, s.fields);
  }
  if (!m.links.empty()) {
    std::string lines;
    for (const auto& l : m.links)
      lines += (lines.empty() ? "" : "\n") + std::string("\xE2\x80\xA2 <") + escape_mrkdwn(l.url) + "|" +
               escape_mrkdwn(l.title.empty() ? l.url : l.title) + ">";
    b.sections(lines);
  }
  add_checklist(b, m.checklist);
  add_choices(b, m.choices);
  add_context(b, m.context);
  auto pages = b.finish();
  // A one-page message keeps the numbered plain-text form as its fallback, as elsewhere.
  if (pages.size() == 1) {
    std::string full = escape_mrkdwn(core::plain_text(m));
    if (!full.empty() && fits(full, max_fallback_text)) pages.front().text = std::move(full);
  }
  return pages;
}

std::vector<page> render_pages(const core::message& m) {
  std::vector<page> pages;
  for (auto& p : render_pages_json(m))
    pages.push_back({nlohmann::json::parse(p.blocks), std::move(p.text)});  // our own output: valid JSON
  return pages;
}

std::string command_reply_json(std::string_view response_type, const core::message& m) {
  auto pages = render_pages_json(m);
  std::string out;
  out.reserve(pages.front().blocks.size() + pages.front().text.size() + 64);
  out += R"({"response_type":)";
  append_string(out, response_type);
  auto first_page = [&] {
    out += R"(,"text":)";
    append_string(out, pages.front().text);
    out += R"(,"blocks":)";
    out += pages.front().blocks;
  };
  if (pages.size() == 1) {
    first_page();
  } else {
    // More than one message's worth of blocks cannot ride in one body: send it all as text.
    const std::string text = escape_mrkdwn(core::plain_text(m));
    if (core::utf8_length(text) <= max_message_text_chars) {
      out += R"(,"text":)";
      append_string(out, text);
    } else {
      first_page();
      log::warn("slack.reply_too_long").kv("pages", std::to_string(pages.size()));
    }
  }
  out += '}';
  return out;
}

}  // namespace commonsbot::adapters::slack
