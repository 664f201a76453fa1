#include "core/message.hpp"

namespace commonsbot::core {

std::string plain_text(const message& m) {
  std::string out;
  auto paragraph = [&out](const std::string& text) {
    if (text.empty()) return;
    if (!out.empty()) out += "\n\n";
    out += text;
  };
  paragraph(m.text);
  for (const auto& s : m.sections) {
    std::string block = s.title.empty() ? "" : "*" + s.title + "*";
    if (!s.text.empty()) block += (block.empty() ? "" : "\n") + s.text;
    for (const auto& f : s.fields) block += (block.empty() ? "" : "\n") + f.label + ": " + f.value;
    paragraph(block);
  }
  if (!m.checklist.empty()) {
    std::string block;
    for (std::size_t i = 0; i < m.checklist.size(); ++i) {
      const auto& item = m.checklist[i];
      if (!block.empty()) block += "\n";
      block += std::to_string(i + 1) + ". [" + (item.ticked ? "x" : " ") + "] " + item.label;
      if (item.ticked && !item.ticked_by.empty()) block += " (" + item.ticked_by + ")";
    }
    paragraph(block);
  }
  if (!m.links.empty()) {
    std::string block;
    for (const auto& l : m.links) block += (block.empty() ? "" : "\n") + ("- " + l.title + ": " + l.url);
    paragraph(block);
  }
  if (!m.choices.empty()) {
    std::string block;
    for (std::size_t i = 0; i < m.choices.size(); ++i)
      block += (block.empty() ? "" : "\n") + std::to_string(i + 1) + ". " + m.choices[i].label;
    paragraph(block);
  }
  paragraph(m.context);
  return out;
}

}  // namespace commonsbot::core
