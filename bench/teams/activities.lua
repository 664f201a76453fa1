-- wrk script for bench/teams: POST /api/messages with "Authorization: Bearer <token>" (the
-- pre-minted tokens of mint.mjs, taken in turn) and the message activity of
-- activity.template.json with its placeholders filled: @@I@@ the request number (in the
-- activity id, so every request is new to commonsbot's dedupe), @@P@@ the person (number mod
-- 500; each has one personal chat). Each wrk thread takes the numbers k, k + t, k + 2t, ...
-- so no two requests of a run share an id. Environment: TOKENS (file), TEMPLATE (file),
-- WRK_THREADS (the -t given to wrk), FIRST (the first request number, default 1: give each
-- side its own range when they share a store or a dedupe).
-- done() prints one JSON line with the figures the run script reads.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local tokens = {}
local pieces = {}   -- strings and the markers "I" / "P", in template order
local n = 0
local step = 1
local people = 500
sent = 0            -- global: done() reads it from each thread

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    if #line > 0 then table.insert(tokens, "Bearer " .. line) end
  end
  local f = assert(io.open(os.getenv("TEMPLATE"), "rb"))
  local template = f:read("*a"):gsub("%s+$", "")
  f:close()
  local at = 1
  while true do
    local s, e, which = template:find("@@([IP])@@", at)
    if not s then break end
    table.insert(pieces, template:sub(at, s - 1))
    table.insert(pieces, which)
    at = e + 1
  end
  table.insert(pieces, template:sub(at))
  step = tonumber(os.getenv("WRK_THREADS") or "1")
  n = (tonumber(os.getenv("FIRST") or "1") - 1) + id
  wrk.method = "POST"
  wrk.path = "/api/messages"
  wrk.headers["Content-Type"] = "application/json; charset=utf-8"
  wrk.headers["User-Agent"] = "Microsoft-SkypeBotApi (Microsoft-BotFramework 3.0)"
end

function request()
  n = n + step
  sent = sent + 1
  local out = {}
  local i, p = tostring(n), tostring(n % people)
  for k = 1, #pieces do
    local piece = pieces[k]
    if piece == "I" then out[k] = i elseif piece == "P" then out[k] = p else out[k] = piece end
  end
  wrk.headers["Authorization"] = tokens[(n % #tokens) + 1]
  return wrk.format(nil, nil, nil, table.concat(out))
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("sent") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "sent": %d, "duration_us": %d, "rps": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "non_2xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"timeouts": %d}\n',
    summary.requests, total, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end
