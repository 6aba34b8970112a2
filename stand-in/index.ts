/**
 * The Hugging Face stand-in: a local OpenID provider that answers like huggingface.co, on panva's
 * oidc-provider, for the tests, the playground and the benchmark.
 *
 *   const provider = await startHuggingFaceProvider({ autoConsent: { userSub, decision: 'allow' } });
 *   // … point the connector at provider.issuer …
 *   await provider.close();
 *
 * Expiry follows oidc-provider's clock, Date.now (with 15 s of tolerance): a test moves it with
 * vi.useFakeTimers({ toFake: ['Date'] }).
 */
import { type ServerOptions } from 'node:https';
import { type AddressInfo } from 'node:net';

import { handleAvatar, handleUserInfo, handleWhoAmI } from './answers.js';
import { normalizeClients, type ClientOptions } from './clients.js';
import { handleConsent } from './consent.js';
import { createOidcProvider } from './engine.js';
import { CONSENT_PATH, ROUTES, TTL, WHOAMI_PATH } from './huggingface.js';
import { createSampleUsers } from './sample-users.js';
import { createServer, type RequestHandler } from './server.js';
import { createGrant, findUser, type AutoConsent, type StandInState } from './state.js';

export { DEFAULT_CLIENT, type Client, type ClientOptions } from './clients.js';
export { createSampleUsers, type SampleOrganization, type SampleUser } from './sample-users.js';
export { type AutoConsent } from './state.js';

export type ProviderOptions = {
  /** On 127.0.0.1; default port 0 (a free one). */
  port?: number;
  /** Serve HTTPS with this key and certificate (see tooling/certificate.ts). */
  tls?: ServerOptions;
  /** `iss` and base of every endpoint URL (default: the server's origin). */
  issuer?: string;
  clients?: readonly ClientOptions[];
  /** Default 8 hours, like huggingface.co's. */
  accessTokenTtlSeconds?: number;
  /** Skip the consent page: this sample user answers at once. */
  autoConsent?: AutoConsent | null;
  /** Default true; false sends no `Keep-Alive: timeout=…` header, like huggingface.co. */
  sendKeepAliveHint?: boolean;
};

/** What `userSub` consents to; `codeChallenge` is an S256 one. */
export type CodeInput = {
  clientId: string;
  redirectUri: string;
  scope: string;
  userSub: string;
  codeChallenge?: string;
  nonce?: string;
  orgIds?: string[];
};

export type HuggingFaceProvider = Awaited<ReturnType<typeof startHuggingFaceProvider>>;

/** Starts the stand-in and resolves once it listens. */
export async function startHuggingFaceProvider(options: ProviderOptions = {}) {
  const { tls, sendKeepAliveHint = true } = options;
  const clients = normalizeClients(options.clients);
  const users = createSampleUsers();
  const state: StandInState = {
    issuer: options.issuer?.replace(/\/+$/, '') ?? '',
    clients: new Map(clients.map((client) => [client.clientId, client])),
    users,
    autoConsent: options.autoConsent ?? null,
    grantedOrgs: new Map(),
    accessTokenTtl: options.accessTokenTtlSeconds ?? TTL.AccessToken,
  };

  // The issuer defaults to the origin, known once the server listens; the routes are set in the
  // same turn of the event loop, before any request can be read.
  let handle: RequestHandler = () => Promise.reject(new Error('still starting'));
  const server = createServer({ tls, sendKeepAliveHint }, (req, res) => handle(req, res));
  await server.listen(options.port ?? 0, '127.0.0.1');
  const { port } = server.server.address() as AddressInfo;
  const origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  state.issuer ||= origin;
  const provider = createOidcProvider(state);
  const oidc = provider.callback();
  handle = async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://stand-in.invalid');
    const request = { provider, state, req };
    if (pathname === ROUTES.userinfo) return handleUserInfo(request, res);
    if (pathname === WHOAMI_PATH) return handleWhoAmI(request, res);
    if (pathname.startsWith('/avatars/')) return handleAvatar(request, res);
    if (pathname.startsWith(CONSENT_PATH)) return handleConsent(request, res);
    // Browsers ask every origin for one; a 404 would be an error in the console.
    if (pathname === '/favicon.ico') return void res.writeHead(204).end();
    return oidc(req, res);
  };

  return {
    /** No trailing slash. */
    issuer: state.issuer,
    /** Where the server really listens, e.g. http://127.0.0.1:54321. */
    origin,
    port,
    stats: server.stats,
    resetStats: server.resetStats,
    users,
    clients,
    /** An authorization code as if the user had consented to exactly this request. */
    async createAuthorizationCode(input: CodeInput): Promise<string> {
      const { clientId, userSub: accountId, scope, orgIds = [], codeChallenge, nonce } = input;
      const client = await provider.Client.find(clientId);
      if (!client || !findUser(state, accountId)) throw new TypeError('unknown client or user');
      const grantId = await createGrant(provider, state, { accountId, clientId, scope, orgIds });
      const code = new provider.AuthorizationCode({
        client,
        grantId,
        accountId,
        scope,
        nonce,
        redirectUri: input.redirectUri,
        gty: 'authorization_code',
        authTime: Math.floor(Date.now() / 1000),
        ...(codeChallenge && { codeChallenge, codeChallengeMethod: 'S256' }),
      });
      return code.save();
    },
    setAutoConsent(autoConsent: AutoConsent | null) {
      state.autoConsent = autoConsent;
    },
    close: server.close,
  };
}
