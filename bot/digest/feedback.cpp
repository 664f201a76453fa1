#include "digest/feedback.hpp"

#include "catalogue/tokenize.hpp"

#include <algorithm>
#include <cmath>

namespace commonsbot::digest {
namespace {

constexpr std::pair<std::string_view, verdict> verdicts[] = {
    {"useful", verdict::useful}, {"not_for_me", verdict::not_for_me}, {"more_like_this", verdict::more_like_this}};

double step(verdict v) {
  switch (v) {
    case verdict::useful: return useful_step;
    case verdict::not_for_me: return not_for_me_step;
    case verdict::more_like_this: return more_like_this_step;
  }
  return 0;
}

void count(counters& c, verdict v) {
  switch (v) {
    case verdict::useful: ++c.useful; break;
    case verdict::not_for_me: ++c.not_for_me; break;
    case verdict::more_like_this: ++c.more_like_this; break;
  }
}

}  // namespace

std::string_view verdict_name(verdict v) {
  for (const auto& [name, value] : verdicts)
    if (value == v) return name;
  return "useful";
}

std::optional<verdict> parse_verdict(std::string_view text) {
  for (const auto& [name, value] : verdicts)
    if (text == name) return value;
  return std::nullopt;
}

std::vector<std::string> features_of(const catalogue::resource& r) {
  std::vector<std::string> out;
  const auto add = [&out](std::string_view kind, std::string_view value) {
    if (value.empty()) return;
    std::string f = std::string(kind) + std::string(value);
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
  };
  for (const auto& a : r.learning_areas) add(area_feature, catalogue::area_key(a));
  for (const auto& k : r.keywords)
    for (const auto& w : catalogue::tokenize(k)) add(word_feature, w);
  add(format_feature, r.format);
  return out;
}

void apply(profile& p, const catalogue::resource& r, verdict v) {
  for (auto& [feature, weight] : p.feedback) weight *= decay;
  const double delta = step(v);
  for (const auto& f : features_of(r)) {
    double& w = p.feedback[f];
    w = std::clamp(w + delta, -max_weight, max_weight);
  }
  std::erase_if(p.feedback, [](const auto& e) { return std::abs(e.second) < forget_below; });
  count(p.counts, v);
  normalise(p);  // keeps the weights within max_feedback_terms
}

}  // namespace commonsbot::digest
