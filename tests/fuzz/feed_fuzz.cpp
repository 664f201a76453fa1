// RSS and Atom feeds for digests, read with libxml2 under our wrapper: entities, CDATA,
// markup in titles and summaries, dates in both formats, duplicate ids (tests/fuzz/README.md).
// Input: the feed's bytes.
#include "fuzz_input.hpp"

#include "digest/feed.hpp"

#include <cstdlib>
#include <string_view>

namespace digest = commonsbot::digest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const auto result = digest::parse_feed(xml, 64 * 1024);
  if (!result.ok && result.error.empty()) std::abort();  // a refusal always says why
  if (result.ok)
    for (const auto& item : result.parsed.items) {
      // Only web links reach a digest, and summaries stay short.
      if (!fuzz::is_web_link(item.link)) std::abort();
      if (item.summary.size() > 4 * 500) std::abort();
    }
  return 0;
}
