#include "teachers.hpp"

#include "splitmix.hpp"

#include <algorithm>
#include <string>

namespace commonsbot::bench {
namespace {

// Topic words teachers follow (the generator's commonest real words, so they do match).
const char* const topics[] = {
    "water",    "history",  "science",     "reading",   "maths",     "stories",   "animals",   "plants",
    "rivers",   "ocean",    "climate",     "weather",   "volcano",   "earthquake", "forest",   "birds",
    "insects",  "energy",   "light",       "sound",     "forces",    "space",     "planets",   "moon",
    "fractions", "geometry", "measurement", "statistics", "algebra", "patterns",  "numbers",   "money",
    "poetry",   "writing",  "grammar",     "spelling",  "novels",    "legends",   "myths",     "drama",
    "music",    "dance",    "painting",    "drawing",   "design",    "coding",    "robotics",  "food",
    "treaty",   "waitangi", "migration",   "identity",  "community", "maori",     "pacific",   "whakapapa",
    "waiata",   "marae",    "conservation", "recycling", "kiwi",     "penguins",  "dinosaurs", "electricity",
};
constexpr std::size_t topic_count = sizeof(topics) / sizeof(topics[0]);

std::string topic(splitmix64& g) {
  // Earlier topics are commoner in the catalogue and among teachers alike.
  const std::size_t a = g.below(topic_count), b = g.below(topic_count);
  return topics[std::min(a, b)];
}

}  // namespace

void make_new(std::vector<catalogue::resource>& all, std::size_t fresh, std::uint64_t seed) {
  splitmix64 g(seed ^ 0xD16E57ull);
  for (std::size_t i = all.size() - std::min(fresh, all.size()); i < all.size(); ++i) {
    const int day = 1 + static_cast<int>(g.below(28));
    all[i].added = std::string("2026-03-") + (day < 10 ? "0" : "") + std::to_string(day);
  }
}

std::vector<teacher> generate_teachers(std::size_t count, const std::vector<catalogue::resource>& fresh,
                                               std::uint64_t seed) {
  splitmix64 g(seed ^ 0x7EAC4E5ull);
  const auto& areas = catalogue::known_areas();
  const auto& formats = catalogue::known_formats();
  std::vector<teacher> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    digest::profile p;
    digest::sent_state sent;
    p.tenant = "school" + std::to_string(i % 20);
    p.person = "slack:U" + std::to_string(i);
    p.subscribed = true;
    for (std::size_t k = 1 + g.below(2); k > 0; --k) p.learning_areas.push_back(areas[g.below(areas.size())]);
    const int first = static_cast<int>(g.below(14));
    for (int y = first, n = 1 + static_cast<int>(g.below(3)); y < first + n && y <= catalogue::max_year; ++y)
      p.year_levels.push_back(y);
    for (std::size_t k = g.below(4); k > 0; --k) p.keywords.push_back(topic(g));
    for (std::size_t k = g.below(3); k > 0; --k)
      p.interests.push_back(g.below(5) == 0 ? topic(g) + " " + topic(g) : topic(g));
    if (g.below(10) < 3) {
      for (std::size_t k = 1 + g.below(5); k > 0; --k) {
        const double w = static_cast<double>(g.below(400)) / 100.0 - 2.0;
        switch (g.below(3)) {
          case 0: p.feedback["word:" + topic(g)] = w; break;
          case 1: p.feedback["area:" + catalogue::area_key(areas[g.below(areas.size())])] = w; break;
          default: p.feedback["format:" + formats[g.below(formats.size())]] = w; break;
        }
      }
    }
    if (g.below(5) == 0 && !fresh.empty()) {
      sent.last_sent_added = "2026-03-14";
      for (int k = 0; k < 8; ++k) sent.sent.push_back(fresh[g.below(fresh.size())].id);
    }
    digest::normalise(p);
    out.push_back({std::move(p), std::move(sent)});
  }
  return out;
}

}  // namespace commonsbot::bench
