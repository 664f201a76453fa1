// A fake Slack for bench/soak: the Web API (`/api/<method>`) and the `response_url` hooks
// (`/hooks/...`) the bot's outbox posts to. A share of calls is refused with 429 (and
// Retry-After) or a 5xx, drawn from a seeded stream by arrival order, so the delivery worker
// has to retry; every call is written to a JSON-lines log, accepted or not, with the
// Idempotency-Key the worker sends and what identifies the message (channel, thread, the
// hook's path), so the checker can tell that each effect arrived exactly once.
//
//   node fake_slack.mjs PORT_FILE LOG_FILE
// Environment: FAULT_429 (share, default 0.05), FAULT_5XX (default 0.05), SEED (default 42),
// RETRY_AFTER (seconds, default 1).
import fs from 'node:fs';
import http from 'node:http';

const [portFile, logFile] = process.argv.slice(2);
const share429 = Number(process.env.FAULT_429 ?? 0.05);
const share5xx = Number(process.env.FAULT_5XX ?? 0.05);
const retryAfter = String(process.env.RETRY_AFTER ?? 1);

// mulberry32: small, seeded, the same fault stream for the same arrival order.
let seed = Number(process.env.SEED ?? 42) >>> 0;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const log = fs.createWriteStream(logFile, { flags: 'a' });
let ts = 0;
const counts = { calls: 0, accepted: 0, refused429: 0, refused5xx: 0 };

function parse(body, type) {
  try {
    if ((type || '').includes('application/json')) return JSON.parse(body);
    return Object.fromEntries(new URLSearchParams(body));
  } catch {
    return {};
  }
}

// What Slack would answer an accepted call with: enough for the worker's captures
// (`/channel/id` of conversations.open) and for nothing to look like a failure.
function answer(method, req) {
  switch (method) {
    case 'conversations.open':
      return { ok: true, channel: { id: `D${String(req.users || 'X').replace(/^U/, '')}` } };
    case 'users.info':
      return { ok: true, user: { id: req.user || '', tz: 'Pacific/Auckland' } };
    default:
      ts += 1;
      return { ok: true, channel: req.channel || '', ts: `${Math.floor(Date.now() / 1000)}.${String(ts).padStart(6, '0')}` };
  }
}

const server = http.createServer({ keepAliveTimeout: 30000 }, (request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url, 'http://fake');
    const isApi = url.pathname.startsWith('/api/');
    const method = isApi ? url.pathname.slice(5) : 'response_url';
    const fields = isApi ? { ...Object.fromEntries(url.searchParams), ...parse(body, request.headers['content-type']) } : parse(body, 'application/json');
    const draw = random();
    let status = 200;
    if (draw < share429) status = 429;
    else if (draw < share429 + share5xx) status = draw < share429 + share5xx / 2 ? 500 : 503;
    counts.calls += 1;
    const entry = {
      t: Date.now(),
      status,
      method,
      path: url.pathname,
      key: request.headers['idempotency-key'] || '',
      channel: fields.channel || '',
      thread_ts: fields.thread_ts || '',
      users: fields.users || '',
      replace: fields.replace_original === true || fields.replace_original === 'true',
      text: String(fields.text || '').slice(0, 80),
    };
    log.write(JSON.stringify(entry) + '\n');
    if (status === 429) {
      counts.refused429 += 1;
      response.writeHead(429, { 'Retry-After': retryAfter, 'Content-Type': 'application/json' });
      response.end('{"ok":false,"error":"ratelimited"}');
      return;
    }
    if (status !== 200) {
      counts.refused5xx += 1;
      response.writeHead(status, { 'Content-Type': 'text/plain' });
      response.end('fake slack: injected failure');
      return;
    }
    counts.accepted += 1;
    if (!isApi) {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ok');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(answer(method, fields)));
  });
});

server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile, String(server.address().port));
});
// SIGTERM: flush the log, then print the counts for the driver.
process.on('SIGTERM', () => {
  server.close();
  log.end(() => {
    console.log(JSON.stringify({ fake_slack: counts }));
    process.exit(0);
  });
});
