// People's time zones from Slack (users.info), for the people-zones worker: one blocking
// lookup per call, with the team's bot token, on the worker's thread only.
#pragma once

#include "adapters/slack/settings.hpp"
#include "adapters/slack/users_info.hpp"
#include "fetch/fetch.hpp"

#include <functional>
#include <string>

namespace commonsbot::adapters::slack {

// The bot token for a team; empty: that team is not asked.
using token_lookup = std::function<std::string(const std::string& team)>;
// fetch::get, or a fake in tests.
using zone_fetcher = std::function<fetch::result(const fetch::request&)>;
// One person's zone: blocks for one call to Slack.
using zone_lookup = std::function<zone_answer(const std::string& team, const std::string& user_id)>;

// The config's bot token, for its team_id only when one is set, else for every team.
token_lookup single_workspace_token(const settings& s);
// users.info on `api_base_url` with the team's token; a short timeout, so a slow Slack only
// delays the next lookup.
zone_lookup users_info_zones(std::string api_base_url, token_lookup tokens, zone_fetcher fetch = {});

}  // namespace commonsbot::adapters::slack
