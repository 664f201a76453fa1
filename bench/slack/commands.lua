-- wrk script for bench/slack: sends the pre-signed /library help commands of
-- sign_requests.mjs (one signature per line; the body is rebuilt here from the line number,
-- byte for byte as the signer built it). Each wrk thread takes every k-th line, so no two
-- requests of a run are the same. Environment: SIGNATURES (file), TIMESTAMP, WRK_THREADS
-- (the -t given to wrk).
-- done() prints one JSON line with the figures the run script reads.

local sigfile = os.getenv("SIGNATURES")
local ts = os.getenv("TIMESTAMP")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function body(i)
  local user = string.format("U0B%05d", i % 500)
  local channel = string.format("C0B%03d", i % 20)
  return "token=bench&team_id=T0BENCH&team_domain=bench&channel_id=" .. channel .. "&channel_name=library" ..
    "&user_id=" .. user .. "&user_name=teacher" .. (i % 500) .. "&command=%2Flibrary&text=help" ..
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0BENCH%2F1%2Fbench" ..
    "&trigger_id=bench." .. ts .. "." .. i .. "&api_app_id=A0BENCH&is_enterprise_install=false"
end

local sigs = {}
local lines = {}
local next_index = 1
wrapped = 0  -- global: done() reads it from each thread

function init(args)
  local step = tonumber(os.getenv("WRK_THREADS") or "1")
  local n = 0
  for line in io.lines(sigfile) do
    n = n + 1
    if n % step == id then
      table.insert(sigs, line)
      table.insert(lines, n)
    end
  end
  wrk.method = "POST"
  wrk.path = "/slack/events"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["X-Slack-Request-Timestamp"] = ts
end

function request()
  local k = next_index
  next_index = next_index + 1
  if next_index > #sigs then
    next_index = 1
    wrapped = wrapped + 1
  end
  wrk.headers["X-Slack-Signature"] = "v0=" .. sigs[k]
  return wrk.format(nil, nil, nil, body(lines[k]))
end

function done(summary, latency, requests)
  local wraps = 0
  for _, t in ipairs(threads) do wraps = wraps + (t:get("wrapped") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "rps": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "non_2xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"timeouts": %d, "wrapped": %d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout, wraps))
end
