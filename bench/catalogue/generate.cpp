#include "generate.hpp"

#include "splitmix.hpp"

#include <cmath>
#include <string>

namespace commonsbot::bench {
namespace {

const char* const topic_words[] = {
    "water",     "history",  "science",  "reading",   "maths",     "stories",  "animals",  "plants",
    "rivers",    "ocean",    "climate",  "weather",   "volcano",   "earthquake", "forest", "birds",
    "insects",   "energy",   "light",    "sound",     "forces",    "space",    "planets",  "moon",
    "fractions", "geometry", "measurement", "statistics", "algebra", "patterns", "numbers", "money",
    "poetry",    "writing",  "grammar",  "spelling",  "novels",    "legends",  "myths",    "drama",
    "music",     "dance",    "painting", "drawing",   "sculpture", "design",   "coding",   "robotics",
    "food",      "nutrition", "health",  "wellbeing", "friendship", "feelings", "sport",   "swimming",
    "treaty",    "waitangi", "migration", "identity", "community", "government", "economy", "trade",
    "maori",     "pacific",  "samoan",   "tongan",    "mandarin",  "french",   "spanish",  "japanese",
    "whakapapa", "waiata",   "haka",     "marae",     "whenua",    "moana",    "awa",      "maunga",
    "conservation", "recycling", "pollution", "farming", "cities", "maps", "explorers", "voyaging",
    "kiwi",      "tui",      "kauri",    "penguins",  "whales",    "dolphins", "sharks",   "dinosaurs",
    "electricity", "magnets", "chemistry", "reactions", "cells",   "genetics", "evolution", "ecology",
    "photography", "film",   "animation", "games",    "puzzles",   "inquiry",  "research", "debate",
    "citizenship", "safety", "privacy",  "internet",  "computers", "engineering", "bridges", "buildings",
};

// Pronounceable filler words for the long tail of the vocabulary.
std::string synthetic_word(std::size_t i) {
  static const char* const syllables[] = {"ka", "ro", "mi", "te", "nu", "po", "la", "vi", "se", "do",
                                          "ha", "ri", "ko", "tu", "ne", "wa", "be", "lo", "fi", "gu"};
  std::string w;
  std::size_t n = i + 20;
  do {
    w += syllables[n % 20];
    n /= 20;
  } while (n > 0);
  return w + "n";  // never a plural, never a real topic word
}

class vocabulary {
 public:
  explicit vocabulary(std::size_t size) {
    for (const char* w : topic_words) words_.emplace_back(w);
    for (std::size_t i = 0; words_.size() < size; ++i) words_.push_back(synthetic_word(i));
    double total = 0;
    for (std::size_t r = 0; r < words_.size(); ++r) {
      total += 1.0 / (static_cast<double>(r) + 11.0);  // Zipf-Mandelbrot, s = 1, q = 10
      cumulative_.push_back(total);
    }
    for (auto& c : cumulative_) c /= total;
  }
  const std::string& draw(splitmix64& g) const {
    const double u = g.unit();
    std::size_t lo = 0, hi = cumulative_.size() - 1;
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (cumulative_[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return words_[lo];
  }

 private:
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

const vocabulary& vocab() {
  static const vocabulary v(6000);
  return v;
}

std::string phrase(splitmix64& g, std::size_t words) {
  std::string out;
  for (std::size_t i = 0; i < words; ++i) out += (i ? " " : "") + vocab().draw(g);
  return out;
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

std::vector<catalogue::resource> generate_catalogue(std::size_t count, std::uint64_t seed) {
  splitmix64 g(seed);
  const auto& areas = catalogue::known_areas();
  const auto& formats = catalogue::known_formats();
  std::vector<catalogue::resource> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    catalogue::resource r;
    r.title = phrase(g, 3 + g.below(5));
    r.link = "https://example.org/bench/" + std::to_string(i);
    r.description = phrase(g, 15 + g.below(31));
    for (std::size_t k = 2 + g.below(3); k > 0; --k) r.keywords.push_back(vocab().draw(g));
    r.learning_areas.push_back(areas[g.below(areas.size())]);
    if (g.below(3) == 0) r.learning_areas.push_back(areas[g.below(areas.size())]);
    const int first = static_cast<int>(g.below(14));
    const int span = 1 + static_cast<int>(g.below(6));
    for (int y = first; y < first + span && y <= catalogue::max_year; ++y) r.year_levels.push_back(y);
    r.format = formats[g.below(formats.size())];
    r.added = std::to_string(2015 + g.below(11)) + "-" + two(1 + static_cast<int>(g.below(12))) + "-" +
              two(1 + static_cast<int>(g.below(28)));
    catalogue::normalise(r);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<catalogue::query> generate_queries(std::size_t count, std::uint64_t seed) {
  splitmix64 g(seed ^ 0x5157ull);
  const auto& areas = catalogue::known_areas();
  std::vector<catalogue::query> out;
  for (std::size_t i = 0; i < count; ++i) {
    catalogue::query q;
    const double shape = g.unit();
    const std::size_t words = shape < 0.5 ? 1 : shape < 0.85 ? 2 : 3;
    const double filters = g.unit();
    if (filters >= 0.05) q.text = phrase(g, words);
    if (filters < 0.05 || (filters >= 0.05 && filters < 0.35)) q.years.push_back(static_cast<int>(g.below(14)));
    if (filters < 0.05 || (filters >= 0.25 && filters < 0.60)) q.areas.push_back(areas[g.below(areas.size())]);
    q.limit = 10;
    q.offset = g.below(10) == 0 ? 10 : 0;
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace commonsbot::bench
