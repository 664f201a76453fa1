#include "adapters/teams/card_text.hpp"

#include "core/text.hpp"

#include <algorithm>

namespace commonsbot::adapters::teams {
namespace {

constexpr std::string_view text_nbsp = "\xC2\xA0";
constexpr std::string_view text_ellipsis = "\xE2\x80\xA6";

// Characters with a Markdown meaning anywhere in a line (emphasis, code, links, autolinks
// and raw HTML, entities, strikethrough), and the escape character itself.
bool text_inline_special(char c) {
  return c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>' ||
         c == '&' || c == '~';
}

bool text_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

void text_escape_line(std::string& out, std::string_view line) {
  std::size_t i = 0;
  for (; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i) out += text_nbsp;
  if (i == line.size()) return;
  // What starts a block at a line's start: bullets, headings, setext underlines, "1." lists.
  std::size_t list_mark = std::string_view::npos;
  if (const char c = line[i]; c == '-' || c == '+' || c == '=' || c == '#') {
    out += '\\';
  } else if (c >= '0' && c <= '9') {
    std::size_t j = i;
    while (j < line.size() && line[j] >= '0' && line[j] <= '9') ++j;
    if (j < line.size() && (line[j] == '.' || line[j] == ')')) list_mark = j;
  }
  for (std::size_t k = i; k < line.size(); ++k) {
    const char c = line[k];
    if (k == list_mark || text_inline_special(c) || (c == '{' && k > 0 && line[k - 1] == '{')) out += '\\';
    out += c;
  }
}

}  // namespace

std::string escape_markdown(std::string_view s) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const auto end = s.find_first_of("\r\n", start);
    lines.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + (s[end] == '\r' && end + 1 < s.size() && s[end + 1] == '\n' ? 2 : 1);
  }
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool blank = text_blank(lines[i]);
    if (!blank) text_escape_line(out, lines[i]);
    if (i + 1 == lines.size()) break;
    // Two spaces make the break a line break; a soft break would join the lines.
    out += !blank && !text_blank(lines[i + 1]) ? "  \n" : "\n";
  }
  return out;
}

std::string summary_text(std::string_view plain) {
  std::string flat;
  flat.reserve(std::min(plain.size(), max_summary_chars * 4));
  for (const char c : plain) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) {
      if (!flat.empty() && flat.back() != ' ') flat += ' ';
    } else {
      flat += c;
    }
    if (flat.size() > max_summary_chars * 4 + 4) break;  // enough to cut from
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  if (flat.empty()) return std::string(text_ellipsis);
  if (core::utf8_length(flat) <= max_summary_chars) return flat;
  std::size_t cut = core::utf8_prefix_bytes(flat, max_summary_chars - 1);
  if (const auto space = flat.rfind(' ', cut); space != std::string::npos && space >= cut / 2) cut = space;
  flat.resize(cut);
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  return flat + std::string(text_ellipsis);
}

std::vector<std::string> split_text(std::string_view s, std::size_t max_chars) {
  max_chars = std::max<std::size_t>(max_chars, 1);
  std::vector<std::string> out;
  while (core::utf8_length(s) > max_chars) {
    const std::size_t limit = core::utf8_prefix_bytes(s, max_chars);
    std::size_t cut = limit;
    if (auto nl = s.rfind('\n', limit - 1); nl != std::string_view::npos && nl >= limit / 2) cut = nl + 1;
    else if (auto sp = s.rfind(' ', limit - 1); sp != std::string_view::npos && sp >= limit / 2) cut = sp + 1;
    out.emplace_back(s.substr(0, cut));
    s.remove_prefix(cut);
  }
  if (!s.empty() || out.empty()) out.emplace_back(s);
  return out;
}

}  // namespace commonsbot::adapters::teams
