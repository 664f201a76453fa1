#include "collab/plan_ticks.hpp"

#include <algorithm>
#include <charconv>

namespace commonsbot::collab {

tick_result toggle_items(plan& p, const std::vector<std::string>& items, std::string_view by, long long now_ms) {
  tick_result r;
  const bool was_complete = !p.checklist.empty() && p.ticked_count() == p.checklist.size();
  for (const auto& id : items) {
    auto it = std::find_if(p.checklist.begin(), p.checklist.end(), [&](const plan_item& i) { return i.id == id; });
    if (it == p.checklist.end()) continue;
    it->ticked = !it->ticked;
    it->ticked_by = it->ticked ? std::string(by) : std::string();
    it->ticked_ms = it->ticked ? now_ms : 0;
    r.changes.push_back({id, it->ticked, p.ticked_count()});
  }
  if (r.changes.empty()) return r;
  p.updated_ms = now_ms;
  const bool complete = !p.checklist.empty() && p.ticked_count() == p.checklist.size();
  if (complete && !was_complete && p.status == plan_status::open) {
    p.status = plan_status::completed;
    r.completed = true;
  } else if (!complete && p.status == plan_status::completed) {
    p.status = plan_status::open;
    r.reopened = true;
  }
  return r;
}

std::vector<std::string> items_by_number(const plan& p, std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : std::string(text) + " ") {
    if (c != ' ' && c != ',' && c != '\t') {
      word += c;
      continue;
    }
    if (word.empty()) continue;
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), n);
    if (ec != std::errc() || ptr != word.data() + word.size() || n < 1 || n > p.checklist.size()) return {};
    const std::string& id = p.checklist[n - 1].id;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    word.clear();
  }
  return out;
}

}  // namespace commonsbot::collab
