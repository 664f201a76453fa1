#include "core/lists.hpp"

#include "core/text.hpp"

namespace commonsbot::core {

std::vector<std::string> split_list(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    if (std::string piece = trim(text.substr(start, end - start)); !piece.empty()) out.push_back(std::move(piece));
    start = end + 1;
  }
  return out;
}

std::string join_list(const std::vector<std::string>& items, std::string_view separator, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? last : separator;
    out += items[i];
  }
  return out;
}

}  // namespace commonsbot::core
