// The Bolt peer of bench/slack: a minimal Slack Bolt app on Bolt's HTTPReceiver, on
// loopback, with the same signing secret as commonsbot and a /library command listener that
// acks with exactly the reply commonsbot gave to /library help (read from a file), so both
// sides verify, parse and answer the same request with the same bytes.
//
//   node bolt_app.mjs REPLY_JSON_FILE PORT_FILE   (SLACK_SIGNING_SECRET in the environment)
// Listens on a free loopback port and writes it to PORT_FILE once listening.
import fs from 'node:fs';
import bolt from '@slack/bolt';

const { App, HTTPReceiver, LogLevel } = bolt;
const [replyFile, portFile] = process.argv.slice(2);
const reply = JSON.parse(fs.readFileSync(replyFile, 'utf8'));

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/events',
  logLevel: LogLevel.ERROR,
});
// A single workspace whose token needs no auth.test call (there is no Slack to ask here).
const app = new App({
  receiver,
  logLevel: LogLevel.ERROR,
  authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0BENCH', botUserId: 'U0BENCHBOT' }),
});

let commands = 0;
app.command('/library', async ({ ack }) => {
  commands += 1;
  await ack(reply);
});

const server = await receiver.start({ port: 0, host: '127.0.0.1' });
const { port } = server.address();
fs.writeFileSync(`${portFile}.tmp`, `${port}\n`);
fs.renameSync(`${portFile}.tmp`, portFile);
console.log(`bolt listening on 127.0.0.1:${port}`);
// The count of commands acked, for the run script's check that every request was handled.
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ bolt_commands: commands }));
  process.exit(0);
});
