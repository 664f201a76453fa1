// A deterministic synthetic catalogue and query set for the catalogue benchmark. The same
// seed gives the same resources and queries on every machine (our own generator and
// arithmetic, not std::*_distribution, whose output differs between standard libraries).
#pragma once

#include "catalogue/index.hpp"
#include "catalogue/resource.hpp"

#include <cstdint>
#include <vector>

namespace commonsbot::bench {

// Titles of 3-7 words, descriptions of 15-45, 2-4 keywords, drawn from a ~6,000-word
// vocabulary with a Zipf-Mandelbrot distribution (real topic words most common, so the most
// frequent word is in roughly 40% of resources), 1-2 learning areas, a run of 1-6 year
// levels, a date between 2015 and 2025.
std::vector<catalogue::resource> generate_catalogue(std::size_t count, std::uint64_t seed);

// 1-3 words from the same distribution (half 1, a third 2, the rest 3). 30% filter by a year
// level and 35% by a learning area (10% by both); 5% have both filters and no words (a
// listing by date); one in ten asks for page 2.
std::vector<catalogue::query> generate_queries(std::size_t count, std::uint64_t seed);

}  // namespace commonsbot::bench
