// The checks of bench/soak, on what the run left in WORK_DIR: the generator's results, the
// fake Slack's log, the store's export after the bot stopped, `digest run`'s output and the
// RSS samples. Prints the summary table and exits 1 if a check fails.
//
//   node check.mjs WORK_DIR
//
// An effect is a message the fake Slack accepted (2xx). Each carries the worker's
// Idempotency-Key, fixed when the message was committed to the outbox, so:
//   doubled: one key accepted twice. docs/delivery.md names one window where that is
//            expected (a kill after Slack accepted, before the outbox erase committed); a
//            double with a kill between its two acceptances is reported as that window, any
//            other is a failure.
//   lost:    an input the bot acknowledged whose message never arrived: a mention without a
//            reply in its thread, a press without a reply at its response_url, a finished
//            DM flow without its eight replies, a nudge the store says was sent, a digest
//            `digest run` says it queued.
import fs from 'node:fs';

const work = process.argv[2];
const read = (f) => JSON.parse(fs.readFileSync(`${work}/${f}`, 'utf8'));
const soak = read('soak.json');
const capacity = read('capacity.json');
const exported = read('export.json');
const collections = exported.collections || exported;
const kills = fs.readFileSync(`${work}/kills.txt`, 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[1]));
const samples = Object.fromEntries(fs.readFileSync(`${work}/samples.txt`, 'utf8').trim().split('\n').map((l) => {
  const [name, rss, store, load, snapshot] = l.split(' ');
  return [name, { rss: Number(rss), store: Number(store), load: Number(load), snapshot: Number(snapshot) }];
}));
// The capacity phase's inputs count too: their messages may still be in the outbox when the
// soak starts.
for (const k of ['mentions', 'presses']) soak.accepted[k] = [...capacity.accepted[k], ...soak.accepted[k]];
const flowsBy = { ...capacity.accepted.flows };
for (const [who, n] of Object.entries(soak.accepted.flows)) flowsBy[who] = (flowsBy[who] || 0) + n;
const problems = [];
const notes = [];

// The fake Slack's log: accepted calls by key, and by what they answer.
const accepted = new Map();  // key -> [times]
const byThread = new Map();  // thread_ts -> Set(keys)
const byPath = new Map();    // response_url path -> Set(keys)
const byChannel = new Map(); // DM channel -> Set(keys) (chat.postMessage without a thread)
let calls = 0, refused429 = 0, refused5xx = 0, savedTexts = 0, unkeyed = 0;
const add = (m, k, v) => { if (!m.has(k)) m.set(k, new Set()); m.get(k).add(v); };
for (const line of fs.readFileSync(`${work}/fake.jsonl`, 'utf8').split('\n')) {
  if (!line) continue;
  const e = JSON.parse(line);
  calls += 1;
  if (e.status === 429) { refused429 += 1; continue; }
  if (e.status !== 200) { refused5xx += 1; continue; }
  if (e.method === 'users.info' || e.method === 'conversations.open') continue;  // lookups, not effects
  if (!e.key) { unkeyed += 1; continue; }
  if (!accepted.has(e.key)) accepted.set(e.key, []);
  accepted.get(e.key).push(e.t);
  if (e.method === 'response_url') add(byPath, e.path, e.key);
  else if (e.thread_ts) add(byThread, e.thread_ts, e.key);
  else add(byChannel, e.channel, e.key);
  if (e.text.startsWith('Saved as l')) savedTexts += 1;
}
let doubled = 0, doubledInWindow = 0;
for (const [key, times] of accepted) {
  if (times.length < 2) continue;
  const windowed = times.slice(1).every((t, i) => kills.some((k) => k >= times[i] && k <= t));
  if (windowed) doubledInWindow += times.length - 1;
  else { doubled += times.length - 1; if (doubled <= 5) problems.push(`message ${key} accepted ${times.length} times, no kill between`); }
}
if (unkeyed) problems.push(`${unkeyed} accepted messages without an Idempotency-Key`);

function spread(list, keysOf) {  // distinct accepted messages per input -> {count: inputs}
  const d = {};
  let lost = 0;
  for (const x of list) {
    const n = keysOf(x)?.size || 0;
    d[n] = (d[n] || 0) + 1;
    if (!n) lost += 1;
  }
  return { d, lost };
}
const mentions = spread(soak.accepted.mentions, (m) => byThread.get(m.ts));
const presses = spread(soak.accepted.presses, (p) => byPath.get(`/hooks/actions/${p.team}/${p.id}`));
const mentionTs = new Set(soak.accepted.mentions.map((m) => m.ts));
const strayThreads = [...byThread.keys()].filter((t) => !mentionTs.has(t)).length;
const strayPaths = [...byPath.keys()].filter((p) => p.includes('bad.')).length;
if (mentions.lost) problems.push(`${mentions.lost} acknowledged mentions never got their reply`);
if (presses.lost) problems.push(`${presses.lost} acknowledged presses never got a reply`);
if (Object.keys(mentions.d).length > 1) problems.push(`mentions got different numbers of replies: ${JSON.stringify(mentions.d)}`);
if (strayThreads || strayPaths) problems.push(`${strayThreads + strayPaths} replies to requests that were never acknowledged (a bad signature let in?)`);

// DM flows: eight replies per /library log conversation (seven questions and answers, and
// "Saved as lN" is two messages), one collaboration record each.
const flows = Object.values(flowsBy).reduce((a, b) => a + b, 0);
let flowLost = 0, flowExtra = 0;
for (const [who, n] of Object.entries(flowsBy)) {
  const got = byChannel.get(`D${who.split('/')[1]}`)?.size || 0;
  if (got < 8 * n) flowLost += 8 * n - got;
  if (got > 8 * n) flowExtra += got - 8 * n;
}
const logs = Object.keys(collections.collab_log || {}).length;
if (flowLost) problems.push(`${flowLost} replies of finished DM flows missing`);
if (flowExtra) problems.push(`${flowExtra} DM flow replies more than the flows asked for`);
if (logs !== flows) problems.push(`${logs} collaboration records in the store for ${flows} finished flows`);
if (savedTexts !== flows) problems.push(`${savedTexts} "Saved as" messages delivered for ${flows} finished flows`);
if (soak.flows_in_progress) problems.push(`${soak.flows_in_progress} flows left half-way`);

// The nudge: what the store says was sent against the DMs of the nudged people.
const nudgeRecords = Object.values(collections.nudges || {});
const nudgesSent = nudgeRecords.filter((r) => r.status === 'sent').length;
const nudgeDms = [...byChannel].filter(([c]) => /^D0\dN/.test(c)).reduce((a, [, s]) => a + s.size, 0);
if (!nudgesSent) problems.push(`no nudge was sent (store: ${JSON.stringify(nudgeRecords.map((r) => r.status))})`);
if (nudgeDms !== nudgesSent) problems.push(`${nudgeDms} nudge DMs delivered for ${nudgesSent} sent in the store`);

// The digest run: what it said it queued against the digest people's DMs.
const digestText = fs.readFileSync(`${work}/digest.txt`, 'utf8');
const digestsQueued = Number((digestText.match(/sent (\d+) digest/) || [0, -1])[1]);
const digestDms = [...byChannel].filter(([c]) => /^D0\dR/.test(c)).reduce((a, [, s]) => a + s.size, 0);
if (digestsQueued < 1) problems.push(`digest run queued no digest: ${digestText.trim().split('\n').at(-1)}`);
if (digestDms !== digestsQueued) problems.push(`${digestDms} digest DMs delivered for ${digestsQueued} queued`);

// The outbox, dead letters, answers.
const outboxLeft = Object.keys(collections.outbox || {}).length;
const dead = Object.keys(collections.dead_letters || {}).length;
if (outboxLeft) problems.push(`outbox not drained: ${outboxLeft} entries left`);
if (dead) problems.push(`${dead} dead letters`);
if (soak.pending_at_end) problems.push(`${soak.pending_at_end} requests never answered`);
if (soak.accepted.bad_let_in) problems.push(`${soak.accepted.bad_let_in} bad signatures accepted`);
if (soak.unexpected.length) problems.push(`unexpected answers: ${JSON.stringify(soak.unexpected)}`);

// RSS from the warm point to the end: flat within 10%.
const { start, middle, end, drained } = samples;
const growth = end.rss / start.rss - 1;
if (growth > 0.10) problems.push(`RSS grew ${(growth * 100).toFixed(1)}% from the warm point to the end (limit 10%)`);
const dedupe = Object.keys(collections.dedupe || {}).length;

const mib = (kb) => `${(kb / 1024).toFixed(1)} MiB`;
const rows = [
  ['capacity (phase 1, closed loop)', `${Math.round(capacity.rps)} requests/s answered, p99 ${capacity.p99_ms.toFixed(1)} ms; outbox drained ${capacity.drain_s} s later: ${capacity.sustained_logical_rps.toFixed(1)} logical requests/s taken in and delivered`],
  ['soak offered', `${soak.offered} logical requests over ${soak.seconds} s (${(soak.offered / soak.seconds).toFixed(1)}/s); ${soak.shed} not started (everyone busy)`],
  ['requests answered', `${soak.answered} (${JSON.stringify(soak.by_status)}), ${soak.rps.toFixed(1)}/s`],
  ['by kind', JSON.stringify(soak.by_kind)],
  ['latency p50 / p90 / p99 / max', `${soak.p50_ms.toFixed(2)} / ${soak.p90_ms.toFixed(2)} / ${soak.p99_ms.toFixed(2)} / ${soak.max_ms.toFixed(0)} ms`],
  ['refused / broken connections (kills)', `${soak.refused} / ${soak.broken}; ${soak.retried_after_error} sent again; ${soak.overloaded} shed by the bot`],
  ['RSS start / middle / end / drained', `${mib(start.rss)} / ${mib(middle.rss)} / ${mib(end.rss)} / ${mib(drained.rss)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% start to end)`],
  ['store on disk start / middle / end', `${mib(start.store)} / ${mib(middle.store)} / ${mib(end.store)}; ${dedupe} dedupe keys kept (retention 24 h)`],
  ['newest snapshot (the live data) start / middle / end', `${mib(start.snapshot)} / ${mib(middle.snapshot)} / ${mib(end.snapshot)}`],
  ['load average at the samples', `${start.load} / ${middle.load} / ${end.load}`],
  ['fake Slack calls', `${calls}: ${refused429} answered 429, ${refused5xx} 5xx, ${accepted.size} messages accepted`],
  ['mentions: replies each', `${JSON.stringify(mentions.d)} (${soak.accepted.retries} Slack retries acknowledged)`],
  ['presses: replies each', JSON.stringify(presses.d)],
  ['DM flows finished / records / "Saved as"', `${flows} / ${logs} / ${savedTexts}`],
  ['nudges sent (store) / delivered', `${nudgesSent} / ${nudgeDms}`],
  ['digests queued / delivered', `${digestsQueued} / ${digestDms}`],
  ['bad signatures refused / let in', `${soak.accepted.bad_refused} / ${soak.accepted.bad_let_in}`],
  ['outbox left / dead letters', `${outboxLeft} / ${dead}`],
  ['doubled (no kill between) / in the crash window', `${doubled} / ${doubledInWindow}`],
];
console.log();
console.log('| figure | value |');
console.log('|---|---|');
for (const [a, b] of rows) console.log(`| ${a} | ${b} |`);
for (const n of notes) console.log('note:', n);
for (const p of problems) console.log('PROBLEM:', p);
console.log(problems.length ? `soak: ${problems.length} checks failed` : 'soak: every check passed');
process.exit(problems.length ? 1 : 0);
