// The load generator of bench/soak: signed Slack traffic from several workspaces, each
// request signed as it is sent (a pre-signed request is refused five minutes after its
// timestamp, so a replay tool cannot run a 30-minute soak).
//
//   node load.mjs SETTINGS_JSON
// SETTINGS_JSON: {"mode": "warm" | "capacity" | "soak", "port", "fake_port", "secret",
//   "seconds", "rate" (soak: requests a second), "concurrency" (capacity), "out", "tenants",
//   "users" (per tenant), "stop_file" (soak: stop early when it appears)}
//
// The mix (the share of logical requests; weights in MIX):
//   help     /library help as a slash command: answered in the body, nothing sent later
//   mention  @bot library help in a channel: one reply through the outbox, in the event's thread
//   retry    an earlier mention again, same event_id, with X-Slack-Retry-Num: must change nothing
//   press    /library starters, then a press of one of its buttons (block_actions): replies go
//            to the press's own response_url
//   flow     one step of a /library log conversation by DM (message.im); a finished flow is a
//            collaboration record in the store
//   bad      a request signed with the wrong secret: must get 401 and change nothing
// A person has one request in flight at a time, so conversations stay in order, as they would
// be with a person typing. A refused or broken connection (the bot killed and restarting) is
// counted apart and the same request is sent again later, as Slack retries an event; the bot's
// dedupe makes that safe. When the time is up, flows under way are finished and every
// request waiting for a retry is sent, so each logical request ends with an answer.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

const S = JSON.parse(process.argv[2]);
const MIX = { help: 35, mention: 20, retry: 8, press: 15, flow: 17, bad: 5 };
const FLOW = (partner) => [`library log <@${partner}>`, 'Co-taught a lesson on checking sources.', '4', '6', 'skip', 'skip', 'yes'];
const BOT_USER = 'U0BOT0001';
const SITUATIONS = ['chat', 'meeting', 'booking', 'resources', 'big-picture'];
const run = `${process.pid}x${Date.now().toString(36)}`;  // unique ids across runs and phases

const agent = new http.Agent({ keepAlive: true, maxSockets: S.sockets || 48 });
const tenants = Array.from({ length: S.tenants }, (_, t) => `T0SOAK${t + 1}`);
// Per tenant: users 0..flowUsers-1 run DM flows, the rest everything else. Ids must match the
// roles the run script writes into the config (everyone is library staff).
const flowUsers = Math.max(1, Math.floor(S.users / 5));
const people = [];
for (const team of tenants)
  for (let u = 0; u < S.users; u++)
    people.push({ team, id: `U0${team.slice(6)}P${String(u).padStart(3, '0')}`, flow: u < flowUsers, busy: false, step: 0, flows: 0, pressNext: null });
const flowPeople = people.filter((p) => p.flow);
const otherPeople = people.filter((p) => !p.flow);

const stats = {
  mode: S.mode, sent: 0, answered: 0, by_status: {}, by_kind: {}, refused: 0, broken: 0, retried_after_error: 0,
  overloaded: 0, logical: 0, unexpected: [], shed: 0, max_lag_ms: 0,
};
const latencies = [];  // ms, every answered attempt
const accepted = { mentions: [], presses: [], bad_refused: 0, bad_let_in: 0, help: 0, flows: {}, retries: 0 };
let seq = 0;
const recentMentions = [];  // bodies of accepted mentions, for Slack-style retries

function countKind(kind, status) {
  const k = (stats.by_kind[kind] ||= {});
  k[status] = (k[status] || 0) + 1;
  stats.by_status[status] = (stats.by_status[status] || 0) + 1;
}

const form = 'application/x-www-form-urlencoded';
const hook = (path) => `http://127.0.0.1:${S.fake_port}/hooks/${path}`;
function command(p, text, trigger) {
  return `token=soak&team_id=${p.team}&team_domain=soak&channel_id=C0${p.team.slice(6)}LIB&channel_name=library` +
    `&user_id=${p.id}&user_name=${p.id.toLowerCase()}&command=%2Flibrary&text=${encodeURIComponent(text)}` +
    `&response_url=${encodeURIComponent(hook(`commands/${p.team}/${trigger}`))}&trigger_id=${trigger}`;
}
function event(p, inner, id) {
  return JSON.stringify({
    token: 'soak', team_id: p.team, api_app_id: 'A0SOAK', event: inner, type: 'event_callback', event_id: id,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: p.team, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
  });
}
function eventTs() {
  seq += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(seq % 1000000).padStart(6, '0')}`;
}

// A logical request: kind, person, body, content type, what a good answer is, and what to
// remember once it is accepted.
function make(kind, p) {
  const n = ++seq;
  switch (kind) {
    case 'help':
      return { kind, p, type: form, body: command(p, 'help', `soak.${run}.${n}`), onOk: () => { accepted.help += 1; } };
    case 'mention': {
      const ts = eventTs();
      const channel = `C0${p.team.slice(6)}CH${n % 16}`;
      const body = event(p, { type: 'app_mention', text: `<@${BOT_USER}> library help`, user: p.id, ts, team: p.team, channel, event_ts: ts }, `Ev${run}M${n}`);
      return { kind, p, type: 'application/json', body, onOk: () => {
        accepted.mentions.push({ team: p.team, channel, ts });
        recentMentions.push({ p, body });
        if (recentMentions.length > 500) recentMentions.shift();
      } };
    }
    case 'retry': {
      const m = recentMentions[Math.floor(Math.random() * recentMentions.length)];
      if (!m) return make('help', p);
      const num = 1 + Math.floor(Math.random() * 3);
      return { kind, p, type: 'application/json', body: m.body, headers: { 'X-Slack-Retry-Num': String(num), 'X-Slack-Retry-Reason': 'http_timeout' },
               onOk: () => { accepted.retries += 1; } };
    }
    case 'press': {
      // Two requests, one after the other: the starters question, then a press on it.
      const trigger = `soak.${run}.${n}`;
      p.pressNext = { situation: SITUATIONS[n % SITUATIONS.length], id: `${run}.${n}` };
      return { kind: 'starters', p, type: form, body: command(p, 'starters', trigger), onOk: () => {} };
    }
    case 'bad': {
      const body = n % 2 ? command(p, 'help', `bad.${run}.${n}`)
        : event(p, { type: 'app_mention', text: `<@${BOT_USER}> library help`, user: p.id, ts: eventTs(), team: p.team, channel: `C0${p.team.slice(6)}BAD`, event_ts: '1' }, `EvBad${run}${n}`);
      return { kind, p, type: n % 2 ? form : 'application/json', body, bad: true, onOk: () => { accepted.bad_refused += 1; } };
    }
    default:
      throw new Error(kind);
  }
}
function press(p) {
  const { situation, id } = p.pressNext;
  p.pressNext = null;
  const payload = {
    type: 'block_actions', user: { id: p.id, username: p.id, name: p.id, team_id: p.team }, api_app_id: 'A0SOAK', token: 'soak',
    container: { type: 'message', message_ts: '1.000001', channel_id: `C0${p.team.slice(6)}LIB`, is_ephemeral: true },
    trigger_id: `press.${id}`, team: { id: p.team, domain: 'soak' }, enterprise: null, is_enterprise_install: false,
    channel: { id: `C0${p.team.slice(6)}LIB`, name: 'library' }, state: { values: {} },
    response_url: hook(`actions/${p.team}/${id}`),
    actions: [{ action_id: `starters:situation/${situation}`, block_id: 'soak', text: { type: 'plain_text', text: situation }, value: situation, type: 'button', action_ts: '1.000002' }],
  };
  return { kind: 'press', p, type: form, body: 'payload=' + encodeURIComponent(JSON.stringify(payload)),
           onOk: () => { accepted.presses.push({ team: p.team, id }); } };
}
function flowStep(p) {
  const others = otherPeople.filter((o) => o.team === p.team);
  const steps = FLOW(others[p.flows % others.length].id);
  const text = steps[p.step];
  const ts = eventTs();
  const body = event(p, { type: 'message', text, user: p.id, ts, team: p.team, channel: `D${p.id}`, event_ts: ts, channel_type: 'im' }, `Ev${run}F${seq}`);
  return { kind: 'flow', p, type: 'application/json', body, onOk: () => {
    p.step += 1;
    if (p.step === steps.length) {
      p.step = 0;
      p.flows += 1;
      accepted.flows[`${p.team}/${p.id}`] = p.flows;
    }
  } };
}

function sign(body) {
  const ts = String(Math.floor(Date.now() / 1000));
  const secret = S.secret;
  return { ts, sig: 'v0=' + crypto.createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex') };
}

let inFlight = 0;
const retryQueue = [];  // requests whose connection failed, sent again later
function send(req) {
  return new Promise((resolve) => {
    const { ts, sig } = sign(req.body);
    const headers = {
      'Content-Type': req.type, 'Content-Length': Buffer.byteLength(req.body), 'X-Slack-Request-Timestamp': ts,
      // A bad request is signed with another secret: everything else about it is right.
      'X-Slack-Signature': req.bad ? 'v0=' + crypto.createHmac('sha256', 'not-the-secret').update(`v0:${ts}:${req.body}`).digest('hex') : sig,
      ...(req.headers || {}),
    };
    if (req.errors) headers['X-Slack-Retry-Num'] = String(req.errors), headers['X-Slack-Retry-Reason'] = 'http_error';
    const started = performance.now();
    inFlight += 1;
    stats.sent += 1;
    const r = http.request({ host: '127.0.0.1', port: S.port, path: '/slack/events', method: 'POST', headers, agent, timeout: 20000 }, (res) => {
      res.resume();
      res.on('end', () => {
        inFlight -= 1;
        latencies.push(performance.now() - started);
        stats.answered += 1;
        countKind(req.kind, res.statusCode);
        const good = req.bad ? res.statusCode === 401 : res.statusCode === 200;
        if (good) {
          req.onOk();
          resolve(true);
        } else if (res.statusCode === 429 || res.statusCode === 503) {
          stats.overloaded += 1;  // the bot shed load: send it again later
          retryLater(req);
          resolve(false);
        } else {
          if (stats.unexpected.length < 20) stats.unexpected.push({ kind: req.kind, status: res.statusCode });
          if (req.bad) accepted.bad_let_in += 1;
          resolve(true);
        }
      });
    });
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (e) => {
      inFlight -= 1;
      if (e.code === 'ECONNREFUSED') stats.refused += 1;
      else stats.broken += 1;
      retryLater(req);
      resolve(false);
    });
    r.end(req.body);
  });
}
function retryLater(req) {
  req.errors = (req.errors || 0) + 1;
  req.due = Date.now() + 250;
  retryQueue.push(req);
}

// One step for a person: a request, and for a starters command the press that follows it.
async function act(p, kind) {
  p.busy = true;
  stats.logical += 1;
  try {
    let req = p.flow ? flowStep(p) : make(kind, p);
    while (req) {
      const done = await send(req);
      if (!done) return;  // waits in the retry queue; the person stays busy until it is answered
      req = req.kind === 'starters' && p.pressNext ? press(p) : null;
    }
    p.busy = false;
  } catch (e) {
    p.busy = false;
    throw e;
  }
}
function pump() {  // retries due now, oldest first; each keeps its person busy until it is answered
  const now = Date.now();
  while (retryQueue.length && retryQueue[0].due <= now && inFlight < (S.max_in_flight || 256)) {
    const req = retryQueue.shift();
    stats.retried_after_error += 1;
    send(req).then((done) => {
      if (!done) return;
      const p = req.p;
      if (req.kind === 'starters' && p.pressNext) {
        send(press(p)).then((ok) => { if (ok) p.busy = false; });
        return;
      }
      p.busy = false;
    });
  }
}
function pick() {
  let r = Math.random() * 100;
  for (const [kind, w] of Object.entries(MIX)) {
    if ((r -= w) < 0) return kind;
  }
  return 'help';
}
function idlePerson(list) {
  for (let i = 0; i < 8; i++) {
    const p = list[Math.floor(Math.random() * list.length)];
    if (!p.busy) return p;
  }
  return list.find((p) => !p.busy) || null;
}
function startOne() {
  const kind = pick();
  const p = kind === 'flow' ? idlePerson(flowPeople) : idlePerson(otherPeople);
  if (!p) { stats.shed += 1; return; }
  act(p, kind === 'flow' ? 'flow' : kind);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function finish() {
  // Finish the flows under way (new ones are not started), then wait for every retry.
  const deadline = Date.now() + (S.drain_seconds || 120) * 1000;
  while (Date.now() < deadline) {
    pump();
    for (const p of flowPeople) if (!p.busy && p.step > 0) act(p, 'flow');
    if (!retryQueue.length && inFlight === 0 && !people.some((p) => p.busy || (p.flow && p.step > 0))) break;
    await sleep(20);
  }
  const pending = retryQueue.length + inFlight;
  latencies.sort((a, b) => a - b);
  const q = (f) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))] : 0;
  const result = {
    ...stats, pending_at_end: pending, seconds: S.seconds,
    p50_ms: q(0.5), p90_ms: q(0.9), p99_ms: q(0.99), max_ms: latencies.at(-1) || 0,
    accepted, flows_in_progress: flowPeople.filter((p) => p.step > 0).length,
  };
  fs.writeFileSync(S.out, JSON.stringify(result));
  agent.destroy();
}

async function warm() {
  // Everyone says hello once, so the bot knows each person before flows mention them, and
  // the nudge and digest people exist (they send nothing else).
  for (const p of people) await send(make('help', p));
  for (const id of S.quiet_people || []) {
    const [team, user] = id.split('/');
    await send(make('help', { team, id: user }));
  }
}

const began = Date.now();
if (S.mode === 'warm') {
  await warm();
  await finish();
} else if (S.mode === 'capacity') {
  // Closed loop: `concurrency` people at once, each sending as soon as its last was answered.
  const end = began + S.seconds * 1000;
  let loops = 0;
  const loop = async () => {
    while (Date.now() < end) {
      const kind = pick();
      const p = kind === 'flow' ? idlePerson(flowPeople) : idlePerson(otherPeople);
      if (!p) { await sleep(1); continue; }
      await act(p, kind);
      while (p.busy && Date.now() < end) { pump(); await sleep(5); }
    }
    loops -= 1;
  };
  for (let i = 0; i < S.concurrency; i++) { loops += 1; loop(); }
  while (loops > 0) await sleep(50);
  stats.rps = stats.answered / ((Date.now() - began) / 1000);
  stats.logical_rps = stats.logical / ((Date.now() - began) / 1000);
  await finish();
} else {
  // Open loop at `rate` logical requests a second: each tick starts what the clock says is
  // due, whatever the answers are doing (a slow bot does not slow the offered load).
  const end = began + S.seconds * 1000;
  let started = 0;
  while (Date.now() < end && !(S.stop_file && fs.existsSync(S.stop_file))) {
    const due = Math.floor(((Date.now() - began) / 1000) * S.rate);
    stats.max_lag_ms = Math.max(stats.max_lag_ms, ((due - started) / S.rate) * 1000);
    while (started < due) {
      started += 1;
      if (inFlight >= (S.max_in_flight || 256)) { stats.shed += 1; continue; }
      startOne();
    }
    pump();
    await sleep(5);
  }
  stats.offered = started;
  stats.rps = stats.answered / ((Date.now() - began) / 1000);
  await finish();
}
