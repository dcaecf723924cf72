// The OpenID Connect provider the browser tests sign in through (issue 20, ADR 31): panva's certified oidc-provider,
// as a school's Entra ID would answer: authorization code with PKCE for the console (a public client), JWT access
// tokens for the API's audience carrying Entra-like claims (tid, oid, preferred_username, groups, amr).
// Its userinfo answers only tokens issued for it, never the API's (as Entra ID's answers only Graph's), so the console
// must not ask it. The console gets a refresh token with its code without asking for offline_access, as Entra ID
// gives a single-page application one: that is how the console renews its token while its user is active.
// Usage: node provider.mjs <port> <console base, e.g. http://127.0.0.1:5000/console/> <accounts.json> [access token seconds, 600]
// Prints "ready <issuer>" once it answers. A line "rotate" on stdin signs from then on with a new key, still
// publishing the old one (as a provider rotates); it prints "rotated <kid>".
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

const [port, consoleBase, accountsFile, accessTokenSeconds = '600'] = process.argv.slice(2);
const accessTokenTTL = Number(accessTokenSeconds);
const issuer = `http://127.0.0.1:${port}`;
// Login name -> the claims the provider holds for that person (its own ids, names and groups, never Casework's).
const accounts = JSON.parse(readFileSync(accountsFile, 'utf8'));
const audience = 'api://casework';

const newKey = () => ({ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' });
let keys = [newKey()];

function configure() {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'casework-console',
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${consoleBase}authentication/login-callback`],
      post_logout_redirect_uris: [`${consoleBase}authentication/logout-callback`],
    }, {
      // For the tests' own requests: a confidential client whose tokens name a person as the console's do.
      client_id: 'casework-tests',
      client_secret: 'casework-tests-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    }],
    jwks: { keys },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access', 'casework'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    async findAccount(_ctx, id) {
      if (!accounts[id]) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: accounts[id].name, preferred_username: accounts[id].preferred_username }) };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          scope: 'casework',
          audience: resource,
          accessTokenTTL,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // The person's claims as Entra ID puts them in an access token; for the tests' client, the person it asks for.
    async extraTokenClaims(ctx, token) {
      const id = token.accountId ?? ctx.oidc.body?.login_hint;
      const account = accounts[id];
      if (!account) return undefined;
      const { name, ...claims } = account;
      return { ...claims, name };
    },
    ttl: { AccessToken: accessTokenTTL, Session: 36000, Grant: 36000, Interaction: 600, AuthorizationCode: 60, RefreshToken: 36000, ClientCredentials: 600 },
    cookies: { keys: ['casework-test-cookie-key'] },
  });
  provider.on('server_error', (_ctx, error) => console.error('server_error', error));
  return provider;
}

let handler = configure().callback();
createServer((req, res) => handler(req, res)).listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));

createInterface({ input: process.stdin }).on('line', line => {
  if (line.trim() === 'rotate') {
    keys = [newKey(), ...keys];
    handler = configure().callback();
    console.log(`rotated ${keys[0].kid}`);
  }
});
