// The loopback Bot Framework of bench/teams, with node's crypto only: an RSA key, the JWKS
// and OpenID metadata that announce it (served by the run's nginx to both sides), the
// tokens the "Bot Connector" sends, and the message activity that wrk replays.
//
//   node mint.mjs OUT_DIR LOOPBACK_BASE APP_ID TENANT_ID RUN_ID [TOKENS]
//
// LOOPBACK_BASE is the fake Microsoft's root, e.g. http://127.0.0.1:8080; under it:
//   /openid/.well-known/openidconfiguration   OUT_DIR/www/openid/.well-known/openidconfiguration
//   /openid/keys                               OUT_DIR/www/openid/keys  (the JWKS)
//   /connector/                                the serviceUrl (the fake Bot Connector)
// Writes OUT_DIR/tokens.txt (TOKENS lines, default 8: RS256, kid of the key, iss
// https://api.botframework.com, aud APP_ID, serviceurl the connector, nbf now - 5 min,
// exp now + 1 h), OUT_DIR/activity.template.json (one line: a personal-chat "library help"
// message with @@I@@ where the request number goes: the activity id, and the person and
// conversation, 500 of them) and OUT_DIR/smoke.json (the template with "smoke").
// Each request's body differs from every other by its activity id, so commonsbot dedupes
// none of them; the token does not cover the body, so wrk fills the template itself.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [out, base, appId, tenantId, runId, tokenCount = '8'] = process.argv.slice(2);
if (!runId) {
  console.error('usage: node mint.mjs OUT_DIR LOOPBACK_BASE APP_ID TENANT_ID RUN_ID [TOKENS]');
  process.exit(2);
}
const serviceUrl = `${base}/connector/`;
const kid = `bench-${runId}`;

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = publicKey.export({ format: 'jwk' });

const www = path.join(out, 'www', 'openid');
fs.mkdirSync(path.join(www, '.well-known'), { recursive: true });
fs.writeFileSync(path.join(www, 'keys'), JSON.stringify({
  keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
}));
fs.writeFileSync(path.join(www, '.well-known', 'openidconfiguration'), JSON.stringify({
  issuer: 'https://api.botframework.com',
  authorization_endpoint: 'https://invalid.botframework.com',
  jwks_uri: `${base}/openid/keys`,
  id_token_signing_alg_values_supported: ['RS256'],
  token_endpoint_auth_methods_supported: ['private_key_jwt'],
}));

const b64url = (data) => Buffer.from(data).toString('base64url');
function token(n) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT', x5t: kid }));
  const claims = b64url(JSON.stringify({
    serviceurl: serviceUrl,
    nbf: now - 300,
    exp: now + 3600,
    iss: 'https://api.botframework.com',
    aud: appId,
    jti: `${runId}-${n}`,
  }));
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), privateKey);
  return `${header}.${claims}.${b64url(signature)}`;
}
const tokens = [];
for (let n = 0; n < Number(tokenCount); n++) tokens.push(token(n));
fs.writeFileSync(path.join(out, 'tokens.txt'), tokens.join('\n') + '\n');

// One activity as Teams sends it to a bot in a personal chat. "@@I@@" is the request
// number; "@@P@@" the person (request number mod 500), so each person has one chat.
const activity = {
  text: 'library help',
  textFormat: 'plain',
  type: 'message',
  timestamp: '2026-12-07T20:00:00.000Z',
  localTimestamp: '2026-12-08T09:00:00.000+13:00',
  id: `${runId}.@@I@@`,
  channelId: 'msteams',
  serviceUrl,
  from: { id: '29:bench-user-@@P@@', name: 'Teacher @@P@@', aadObjectId: '00000000-0000-4000-8000-00000000@@P@@' },
  conversation: { conversationType: 'personal', tenantId, id: 'a:bench-chat-@@P@@' },
  recipient: { id: `28:${appId}`, name: 'Commons Bot' },
  entities: [{ locale: 'en-NZ', country: 'NZ', platform: 'Web', timezone: 'Pacific/Auckland', type: 'clientInfo' }],
  channelData: { tenant: { id: tenantId } },
  locale: 'en-NZ',
  localTimezone: 'Pacific/Auckland',
};
const template = JSON.stringify(activity);
fs.writeFileSync(path.join(out, 'activity.template.json'), template + '\n');
fs.writeFileSync(path.join(out, 'smoke.json'),
  template.replaceAll('@@I@@', 'smoke').replaceAll('bench-chat-@@P@@', 'smoke-chat').replaceAll('@@P@@', 'smoke'));
