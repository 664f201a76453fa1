// The Microsoft peer of bench/teams: a minimal Bot Framework SDK (botbuilder 4) bot on
// CloudAdapter, on loopback, checking the same tokens against the same loopback keys as
// commonsbot and answering "library help" with the same card commonsbot sent for it.
//
//   node botbuilder_app.mjs REPLY_JSON_FILE PORT_FILE LOOPBACK_BASE APP_ID TENANT_ID
//
// Inbound: ConfigurationBotFrameworkAuthentication with ToBotFromChannelOpenIdMetadataUrl at
// the loopback metadata (the SDK then takes the JWKS named there, checks RS256, issuer
// https://api.botframework.com, audience = app id, exp/nbf, the key's endorsements against
// the activity's channelId and the serviceurl claim against its serviceUrl: the same checks
// as commonsbot). Outbound: the reply goes with context.sendActivity, inside the turn, to
// the activity's serviceUrl (the loopback fake connector), with an app token from the
// loopback token endpoint <LOOPBACK_BASE>/login/<tenant>/oauth2/v2.0/token. The SDK's own
// credentials (MSAL) accept only https authorities, so a small AppCredentials subclass asks
// that endpoint the same client-credentials question with fetch; the SDK caches its answer
// as it does MSAL's. No storage: the bot keeps no state.
// Listens on a free loopback port and writes it to PORT_FILE once listening; on SIGTERM
// prints {"botbuilder_messages": N, "send_failures": M}.
import fs from 'node:fs';
import http from 'node:http';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AppCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';

const [replyFile, portFile, base, appId, tenantId] = process.argv.slice(2);
const captured = JSON.parse(fs.readFileSync(replyFile, 'utf8'));
// The card as commonsbot sent it; the SDK adds the addressing (from, recipient,
// conversation, replyToId, serviceUrl) itself.
const reply = { type: 'message' };
for (const key of ['text', 'textFormat', 'attachments', 'attachmentLayout', 'summary', 'suggestedActions', 'entities']) {
  if (captured[key] !== undefined) reply[key] = captured[key];
}
const appPassword = 'bench-app-password';

class LoopbackCredentials extends AppCredentials {
  constructor(id, tenant, scope, loginEndpoint) {
    super(id, tenant, scope);
    this.oAuthEndpoint = loginEndpoint;
  }
  async refreshToken() {
    const r = await fetch(`${this.oAuthEndpoint}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId,
                                  client_secret: appPassword, scope: this.oAuthScope }).toString(),
    });
    if (!r.ok) throw new Error(`token endpoint: HTTP ${r.status}`);
    const t = await r.json();
    return { accessToken: t.access_token, expiresOn: new Date(Date.now() + t.expires_in * 1000) };
  }
}
class LoopbackCredentialsFactory extends ServiceClientCredentialsFactory {
  async isValidAppId(id) { return id === appId; }
  async isAuthenticationDisabled() { return false; }
  async createCredentials(id, audience, loginEndpoint) {
    if (id !== appId) throw new Error('Invalid appId.');
    return new LoopbackCredentials(id, tenantId, audience, loginEndpoint);
  }
}

const auth = new ConfigurationBotFrameworkAuthentication({
  MicrosoftAppId: appId,
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: tenantId,
  ToBotFromChannelOpenIdMetadataUrl: `${base}/openid/.well-known/openidconfiguration`,
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  ToChannelFromBotLoginUrl: `${base}/login/${tenantId}`,
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
}, new LoopbackCredentialsFactory());
const adapter = new CloudAdapter(auth);
let sendFailures = 0;
adapter.onTurnError = async (context, error) => {
  sendFailures += 1;
  if (sendFailures <= 5) console.error('turn error:', error);
  throw error;  // a 500 to the caller, so wrk counts it
};

let messages = 0;
class LibraryBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const text = (context.activity.text || '').trim().toLowerCase();
      if (text === 'library help' || text === '/library help') {
        await context.sendActivity(reply);
        messages += 1;
      }
      await next();
    });
  }
}
const bot = new LibraryBot();

// Plain node http with the small request/response surface CloudAdapter.process uses
// (express would add its own cost to the peer).
const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const response = {
      status(code) { res.statusCode = code; return response; },
      header(name, value) { res.setHeader(name, value); return response; },
      send(body) {
        if (typeof body === 'object' && !Buffer.isBuffer(body)) {
          res.setHeader('Content-Type', 'application/json');
          body = JSON.stringify(body);
        }
        res.write(body);
        return response;
      },
      end() { res.end(); return response; },
    };
    adapter.process(req, response, (context) => bot.run(context)).catch((err) => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
      console.error(err);
    });
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  fs.writeFileSync(`${portFile}.tmp`, `${port}\n`);
  fs.renameSync(`${portFile}.tmp`, portFile);
  console.log(`botbuilder listening on 127.0.0.1:${port}`);
});
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ botbuilder_messages: messages, send_failures: sendFailures }));
  process.exit(0);
});
