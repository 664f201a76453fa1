// The named peer: SQLite FTS5 answering each teacher's digest question with one query over
// the new items (bm25() for the keywords and interests, area, year, watermark and "already
// sent" as SQL filters, the same fixed weights for area, year and recency). It does not apply
// feedback weights or "more like this" words: that would only make it slower.
#pragma once

#include "catalogue/resource.hpp"
#include "digest/profile.hpp"
#include "digest/sent_state.hpp"

#include <memory>
#include <string>
#include <vector>

namespace commonsbot::bench {

class fts5_digest_peer {
 public:
  // `fresh`: the new items only (the question is about them).
  explicit fts5_digest_peer(const std::vector<catalogue::resource>& fresh);
  ~fts5_digest_peer();
  fts5_digest_peer(const fts5_digest_peer&) = delete;
  fts5_digest_peer& operator=(const fts5_digest_peer&) = delete;

  // The ids of up to `cap` best items for `p`, best first.
  std::vector<std::string> digest(const digest::profile& p, const digest::sent_state& sent, std::size_t cap);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace commonsbot::bench
