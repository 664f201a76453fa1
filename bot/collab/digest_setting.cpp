#include "collab/digest_setting.hpp"

#include "collab/action_text.hpp"
#include "core/json_fields.hpp"
#include "core/keys.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab {
namespace {

// "08:30" -> "8:30am", "15:00" -> "3pm" (as the digest replies say it).
std::string digest_time_label(const std::string& hhmm) {
  if (hhmm.size() != 5 || hhmm[2] != ':') return hhmm;
  const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
  const std::string minutes = hhmm.substr(3);
  return std::to_string(h % 12 == 0 ? 12 : h % 12) + (minutes == "00" ? "" : ":" + minutes) + (h < 12 ? "am" : "pm");
}

}  // namespace

core::field digest_setting_field(const flows::flow_context& ctx, const core::person& p) {
  const std::string label = say(ctx, "profile.digest");
  const auto j = ctx.records ? ctx.records->get("digest_profiles", core::tenant_key(p.tenant, p.key())) : std::nullopt;
  const bool on = j && j->is_object() && j->value("subscribed", false) == true;
  if (!on) return {label, say(ctx, "profile.digest_off")};
  std::string frequency = core::string_field(*j, "frequency", "weekly");
  if (frequency != "weekly" && frequency != "fortnightly" && frequency != "monthly") frequency = "weekly";
  auto day = j->find("weekday");
  const int weekday = day != j->end() && day->is_number_integer() && *day >= 1 && *day <= 7 ? day->get<int>() : 1;
  const std::string when = say(ctx, "digest.when_" + frequency,
                               {{"day", say(ctx, "digest.days." + std::to_string(weekday))},
                                {"time", digest_time_label(core::string_field(*j, "time", "08:00"))}});
  return {label, say(ctx, "profile.digest_on", {{"when", when}})};
}

}  // namespace commonsbot::collab
