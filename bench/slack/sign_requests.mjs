// Pre-signs N slash-command requests for wrk, which has no HMAC: one line per request,
// "<signature>", for the body that commands.lua rebuilds from the line number. Every body is
// different (its trigger_id is the line number), so commonsbot dedupes none of them and
// commits each one; the user and channel vary so requests do not queue behind one person.
//
//   node sign_requests.mjs SECRET TIMESTAMP N OUT_FILE
// The body format must match commands.lua's body(i) byte for byte.
import crypto from 'node:crypto';
import fs from 'node:fs';

const [secret, ts, count, out] = process.argv.slice(2);
const users = 500;
const channels = 20;

function body(i) {
  const user = `U0B${String(i % users).padStart(5, '0')}`;
  const channel = `C0B${String(i % channels).padStart(3, '0')}`;
  return `token=bench&team_id=T0BENCH&team_domain=bench&channel_id=${channel}&channel_name=library` +
    `&user_id=${user}&user_name=teacher${i % users}&command=%2Flibrary&text=help` +
    `&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0BENCH%2F1%2Fbench` +
    `&trigger_id=bench.${ts}.${i}&api_app_id=A0BENCH&is_enterprise_install=false`;
}

const n = Number(count);
const fd = fs.openSync(out, 'w');
const chunk = [];
for (let i = 1; i <= n; i++) {
  const sig = crypto.createHmac('sha256', secret).update(`v0:${ts}:${body(i)}`).digest('hex');
  chunk.push(sig);
  if (chunk.length === 10000) {
    fs.writeSync(fd, chunk.join('\n') + '\n');
    chunk.length = 0;
  }
}
if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
fs.closeSync(fd);
// One complete request for a smoke test: the body of line 1.
if (process.env.PRINT_FIRST_BODY) console.log(body(1));
