// Which new resources go in each teacher's digest, and why. Built once per run from the
// resources added since a date (postings by learning area, year level and word, words from
// catalogue::tokenize as the search index sees them), then asked once per profile: the cost
// of a profile is the length of its areas' and words' postings, not the size of the
// catalogue, so a run over thousands of teachers takes well under a second.
//
// A resource is offered when it is in one of the teacher's learning areas, or has all the
// words of one of their keywords or interests, or words they liked (feedback.hpp); and its
// year levels (when both sides give some) overlap theirs; and it was added on or after their
// watermark and is not in their `sent` list (both in sent_state.hpp, a record of its own). Score: area 3, year 1, each keyword or interest
// 1 + the idf of its words, the feedback weights of its features, and up to 0.5 for being
// among the newest. The best `cap` are kept and grouped by learning area, each with the
// reason as structured parts (kind + values) for the renderer to word in the reader's locale.
//
// match() is const and keeps its scratch space per thread: one matcher can serve many threads.
#pragma once

#include "catalogue/catalogue.hpp"
#include "catalogue/resource.hpp"
#include "digest/profile.hpp"
#include "digest/sent_state.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace commonsbot::digest {

// One part of "because ...":
//   teaches: values = {area, year labels that matched...} ("Science", "5") -> "because you teach Year 5 science";
//            no year labels when years played no part -> "because you teach science"
//   follows: values = the keywords or interests as the teacher typed them -> "because you follow 'te reo'"
//   liked:   values = the words liked through feedback ("robotic") -> "because you liked similar resources"
struct reason_part {
  enum class kind { teaches, follows, liked };
  kind what = kind::teaches;
  std::vector<std::string> values;
  bool operator==(const reason_part&) const = default;
};

struct pick {
  std::shared_ptr<const catalogue::resource> item;
  double score = 0;
  std::vector<reason_part> reason;
};

struct group {
  // The teacher's learning area the picks matched (canonical name); for picks that came in
  // through a keyword, their own first area; empty for picks with no area at all.
  std::string area;
  std::vector<pick> picks;  // best first
};

struct digest_result {
  std::vector<group> groups;       // the group holding the best pick first
  std::size_t candidates = 0;      // items that matched before the cap
  std::string newest_added;        // the newest `added` among the picks: the next watermark
  std::size_t size() const;
  std::vector<std::string> ids() const;  // in the order shown
  bool empty() const { return groups.empty(); }
};

struct match_options {
  std::size_t cap = 8;
  double min_score = 1.0;  // below it (after "not for me") an item is left out
};

class matcher {
 public:
  // The items to choose from, in any order (usually the catalogue's resources added since
  // the run's first watermark). Items without a usable `added` date are left out: the
  // watermark could never pass them.
  explicit matcher(std::vector<std::shared_ptr<const catalogue::resource>> items);

  // `tenant`'s resources (own and shared) added on or after `since` ("YYYY-MM-DD"; empty:
  // everything dated).
  static matcher added_since(const catalogue::catalogue& cat, std::string_view tenant, std::string_view since);

  // `p`'s picks, leaving out what `sent` says they already had.
  digest_result match(const profile& p, const sent_state& sent, const match_options& options = {}) const;
  // For someone never sent a digest (a first preview, tests).
  digest_result match(const profile& p, const match_options& options = {}) const { return match(p, sent_state{}, options); }

  std::size_t size() const { return docs_.size(); }

 private:
  struct doc {
    std::shared_ptr<const catalogue::resource> item;
    int day = 0;                         // days since 1970-01-01 of `added`
    std::uint16_t years = 0;             // bit y for year level y
    std::vector<std::uint32_t> areas;    // area ids, in the item's order
    std::vector<std::uint32_t> features;  // feature ids (feedback.hpp names)
  };
  struct prepared;

  prepared prepare(const profile& p, const sent_state& sent) const;
  std::vector<std::uint32_t> docs_with_all(const std::vector<std::uint32_t>& words) const;

  std::vector<doc> docs_;
  std::unordered_map<std::string, std::uint32_t> ids_;            // resource id -> doc
  std::unordered_map<std::string, std::uint32_t> words_;          // tokenize() word -> word id
  std::vector<std::vector<std::uint32_t>> word_postings_;         // by word id, sorted docs
  std::vector<float> idf_;                                        // by word id
  std::unordered_map<std::string, std::uint32_t> areas_;          // area_key -> area id
  std::vector<std::string> area_names_;                           // by area id, canonical
  std::vector<std::vector<std::uint32_t>> area_postings_;         // by area id, sorted docs
  std::unordered_map<std::string, std::uint32_t> features_;       // feature name -> feature id
  int newest_day_ = 0;
};

}  // namespace commonsbot::digest
