#include "adapters/slack/block_kit.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <charconv>

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

// Byte offset just past the first `n` code points of `s` (or s.size()).
std::size_t prefix_bytes(std::string_view s, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < n && at < s.size(); ++i)
    at = std::min(s.size(), at + sequence_length(static_cast<unsigned char>(s[at])));
  return at;
}

json mrkdwn(std::string text) { return {{"type", "mrkdwn"}, {"text", std::move(text)}}; }
json plain(std::string text) { return {{"type", "plain_text"}, {"text", std::move(text)}, {"emoji", true}}; }

bool fits(std::string_view s, std::size_t max_chars) { return core::utf8_length(s) <= max_chars; }

// Collects blocks into pages of at most max_blocks_per_message.
class builder {
 public:
  void add(json block, std::string_view fallback) {
    if (current_.blocks.size() == max_blocks_per_message) flush();
    current_.blocks.push_back(std::move(block));
    if (!fallback.empty()) {
      if (!current_.text.empty()) current_.text += "\n";
      current_.text += fallback;
    }
  }
  void sections(std::string_view escaped) {
    for (auto& piece : split_text(escaped, max_section_text))
      if (!piece.empty()) add({{"type", "section"}, {"text", mrkdwn(piece)}}, piece);
  }
  std::vector<page> finish() {
    if (!current_.blocks.empty() || pages_.empty()) flush();
    for (auto& p : pages_) p.text = summary(p.text);
    return std::move(pages_);
  }

 private:
  void flush() {
    pages_.push_back(std::move(current_));
    current_ = page{};
  }
  static std::string summary(const std::string& text) {
    if (fits(text, max_fallback_text)) return text.empty() ? std::string(" ") : text;
    auto pieces = split_text(text, max_fallback_text - 1);
    return pieces.front() + "\xE2\x80\xA6";  // "…": the full text is in the blocks
  }
  std::vector<page> pages_;
  page current_;
};

std::string numbered(const std::vector<core::choice>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i)
    out += (i ? "\n" : "") + std::to_string(i + 1) + ". " + escape_mrkdwn(choices[i].label);
  return out;
}

void add_choices(builder& b, const std::vector<core::choice>& choices) {
  if (choices.empty()) return;
  const bool labels_fit = std::all_of(choices.begin(), choices.end(), [](const core::choice& c) {
    return fits(c.label, max_button_text) && !c.label.empty();
  });
  // A label too long for a button is listed in full and the control shows its number.
  if (!labels_fit) b.sections(numbered(choices));
  auto label = [&](std::size_t i) { return labels_fit ? choices[i].label : std::to_string(i + 1); };
  std::vector<json> elements;
  if (choices.size() <= max_buttons) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
      json button = {{"type", "button"}, {"text", plain(label(i))}, {"action_id", choices[i].id}};
      if (!choices[i].value.empty()) button["value"] = choices[i].value;
      elements.push_back(std::move(button));
    }
  } else {
    // Many choices: selects of at most max_select_options each; the option value is the
    // choice id, so a pick comes back as that choice.
    for (std::size_t start = 0; start < choices.size(); start += max_select_options) {
      const std::size_t end = std::min(choices.size(), start + max_select_options);
      json options = json::array();
      for (std::size_t i = start; i < end; ++i) options.push_back({{"text", plain(label(i))}, {"value", choices[i].id}});
      const std::string range = std::to_string(start + 1) + "\xE2\x80\x93" + std::to_string(end);
      elements.push_back({{"type", "static_select"},
                          {"action_id", "select." + std::to_string(start / max_select_options)},
                          {"placeholder", plain(choices.size() > max_select_options ? "Choose " + range : "Choose")},
                          {"options", std::move(options)}});
    }
  }
  for (std::size_t start = 0; start < elements.size(); start += max_actions_elements) {
    json block = {{"type", "actions"}, {"elements", json::array()}};
    for (std::size_t i = start; i < std::min(elements.size(), start + max_actions_elements); ++i)
      block["elements"].push_back(elements[i]);
    b.add(std::move(block), "");
  }
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
    json options = json::array(), initial = json::array();
    unsigned mask = 0;
    for (std::size_t i = start; i < std::min(items.size(), start + max_checkbox_options); ++i) {
      json o = {{"text", mrkdwn(labels_fit ? escape_mrkdwn(items[i].label) : std::to_string(i + 1))},
                {"value", items[i].id}};
      if (!items[i].ticked_by.empty()) o["description"] = mrkdwn(escape_mrkdwn("ticked by " + items[i].ticked_by));
      if (items[i].ticked) {
        initial.push_back(o);
        mask |= 1u << (i - start);
      }
      options.push_back(std::move(o));
    }
    json box = {{"type", "checkboxes"}, {"action_id", "checklist." + std::to_string(chunk)}, {"options", std::move(options)}};
    if (!initial.empty()) box["initial_options"] = std::move(initial);  // Slack refuses an empty list
    b.add({{"type", "actions"}, {"block_id", checklist_block_id(chunk, mask)}, {"elements", json::array({box})}},
          labels_fit && chunk == 0 ? listing : "");
  }
}

}  // namespace

std::string escape_mrkdwn(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> split_text(std::string_view s, std::size_t max_chars) {
  std::vector<std::string> out;
  while (core::utf8_length(s) > max_chars) {
    const std::size_t limit = prefix_bytes(s, max_chars);
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

std::vector<page> render_pages(const core::message& m) {
  builder b;
  if (!m.text.empty()) b.sections(escape_mrkdwn(m.text));
  for (const auto& s : m.sections) {
    if (!s.title.empty()) b.sections("*" + escape_mrkdwn(s.title) + "*");
    if (!s.text.empty()) b.sections(escape_mrkdwn(s.text));
    json fields = json::array();
    std::string fallback;
    auto flush_fields = [&] {
      if (fields.empty()) return;
      b.add({{"type", "section"}, {"fields", std::move(fields)}}, fallback);
      fields = json::array();
      fallback.clear();
    };
    for (const auto& f : s.fields) {
      std::string t = "*" + escape_mrkdwn(f.label) + "*\n" + escape_mrkdwn(f.value);
      if (!fits(t, max_field_text)) {  // too long for a field: its own sections, in order
        flush_fields();
        b.sections(t);
        continue;
      }
      fallback += (fallback.empty() ? "" : "\n") + t;
      fields.push_back(mrkdwn(std::move(t)));
      if (fields.size() == max_fields_per_section) flush_fields();
    }
    flush_fields();
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
  if (!m.context.empty()) {
    auto pieces = split_text(escape_mrkdwn(m.context), max_section_text);
    for (std::size_t start = 0; start < pieces.size(); start += max_context_elements) {
      json block = {{"type", "context"}, {"elements", json::array()}};
      for (std::size_t i = start; i < std::min(pieces.size(), start + max_context_elements); ++i)
        block["elements"].push_back(mrkdwn(pieces[i]));
      b.add(std::move(block), "");
    }
  }
  auto pages = b.finish();
  // A one-page message keeps the numbered plain-text form as its fallback, as elsewhere.
  if (pages.size() == 1) {
    const std::string full = escape_mrkdwn(core::plain_text(m));
    if (!full.empty() && fits(full, max_fallback_text)) pages.front().text = full;
  }
  return pages;
}

}  // namespace commonsbot::adapters::slack
