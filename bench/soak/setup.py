# Writes the config and the seed of bench/soak into WORK_DIR: TENANTS workspaces, everyone in them
# library staff; in each, one person who is only nudged and two who only get digests (seeded
# with profiles, so `digest run` has someone to send to). The first workspace has a meeting
# whose nudge ("60m") falls due NUDGE_IN seconds from now, on a whole minute (UTC).
#
#   python3 setup.py WORK_DIR ROOT TENANTS USERS THREADS FAKE_PORT BOT_PORT ADMIN_PORT NUDGE_IN
import json, sys, datetime
work, root, tenants, users, threads, fake, port, admin, offset = sys.argv[1:10]
tenants, users = int(tenants), int(users)
due = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=int(offset))
# The nudge fires on a whole minute; the meeting is an hour after it.
due = due.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
meeting = due + datetime.timedelta(hours=1)
cfg_tenants, people, profiles, sent = [], {}, {}, {}
for t in range(1, tenants + 1):
    team = f"T0SOAK{t}"
    roles = {f"U0{t}P{u:03d}": "library_staff" for u in range(users)}
    quiet = [f"U0{t}N001", f"U0{t}R001", f"U0{t}R002"]
    for q in quiet:
        roles[q] = "library_staff" if q[3] == "N" else "teacher"
        people[f"{team}/slack:{q}"] = {"tenant": team, "platform": "slack", "user_id": q, "display_name": q, "role": roles[q],
            "direct": {"platform": "slack", "tenant": team, "conversation_id": "", "user_id": q}}
    for q in quiet[1:]:
        profiles[f"{team}/slack:{q}"] = {"tenant": team, "person": f"slack:{q}", "subscribed": True,
                                         "learning_areas": ["Science", "English"], "year_levels": [5, 6, 7, 8]}
        sent[f"{team}/slack:{q}"] = {"last_sent_added": "2000-01-01"}
    tenant = {"id": team, "time_zone": "UTC", "roles": roles}
    if t == 1:
        tenant["meetings"] = [{"id": "m-soak", "name": "Soak syndicate", "kind": "syndicate", "attendees": [f"slack:U0{t}N001"],
                               "every": "weekly", "weekdays": [meeting.strftime("%a").lower()], "time": meeting.strftime("%H:%M"),
                               "terms_only": False, "nudges": ["60m"]}]
    cfg_tenants.append(tenant)
cfg = {
    "server": {"address": "127.0.0.1", "port": int(port), "threads": int(threads)},
    "store": {"dir": f"{work}/data", "sync": "always"},
    "flows": {"templates_dir": f"{root}/templates"},
    "log": {"level": "warn"},
    # Real workspaces get 20 verified requests a second each; the soak measures the bot, so
    # the inbound limit and Slack's delivery limits (5/s a workspace, 1/s a channel) are
    # lifted: at these rates the outbox could never drain under Slack's real limits.
    "inbound": {"tenant_rate_per_second": 10000, "tenant_rate_burst": 100000},
    "tenants": cfg_tenants,
    "adapters": {"slack": {"enabled": True, "signing_secret": {"env": "SOAK_SIGNING_SECRET"},
                           "bot_token": {"env": "SOAK_BOT_TOKEN"},
                           "api_base_url": f"http://127.0.0.1:{fake}/api",
                           "response_url_prefix": f"http://127.0.0.1:{fake}/hooks/"}},
    "delivery": {"allow_plain_http": True,
                 "limits": {"slack": {"tenant_per_second": 2000, "tenant_burst": 2000,
                                      "conversation_per_second": 200, "conversation_burst": 200}}},
    "admin": {"address": "127.0.0.1", "port": int(admin), "token": {"env": "SOAK_ADMIN_TOKEN"}},
}
json.dump(cfg, open(f"{work}/commonsbot.json", "w"), indent=1)
json.dump({"format": 1, "seq": 1, "collections": {"people": people, "digest_profiles": profiles, "digest_sent": sent}},
          open(f"{work}/seed.json", "w"))
json.dump([k.replace("/slack:", "/") for k in people], open(f"{work}/quiet.json", "w"))
print(f"nudge due at {due.isoformat()} (UTC)")
