#include "collab/nudge_settings.hpp"

#include "collab/action_text.hpp"
#include "collab/working_days.hpp"

#include <cstdio>

namespace commonsbot::collab {
namespace {

// "21:00" -> "9:00pm"; anything else as it is.
std::string quiet_time_label(const std::string& hh_mm) {
  int h = 0, m = 0;
  if (hh_mm.size() != 5 || std::sscanf(hh_mm.c_str(), "%d:%d", &h, &m) != 2) return hh_mm;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d%s", h % 12 == 0 ? 12 : h % 12, m, h < 12 ? "am" : "pm");
  return buf;
}

}  // namespace

std::vector<core::field> nudge_setting_fields(const flows::flow_context& ctx, const core::person& p) {
  const auto& n = p.nudges;
  std::vector<core::field> out;
  out.push_back({say(ctx, "profile.nudge.state"), say(ctx, n.off ? "profile.nudge.off" : "profile.nudge.on")});
  out.push_back({say(ctx, "profile.nudge.paused"),
                 n.paused_until.empty() ? say(ctx, "profile.nudge.not_paused")
                                        : say(ctx, "profile.nudge.paused_until", {{"date", n.paused_until}})});
  out.push_back({say(ctx, "profile.nudge.quiet"),
                 n.quiet_from.empty() || n.quiet_to.empty()
                     ? say(ctx, "profile.nudge.no_quiet")
                     : say(ctx, "profile.nudge.quiet_value", {{"from", quiet_time_label(n.quiet_from)}, {"to", quiet_time_label(n.quiet_to)}})});
  out.push_back({say(ctx, "profile.days"), people::working_days_text(n.working_days)});
  return out;
}

}  // namespace commonsbot::collab
