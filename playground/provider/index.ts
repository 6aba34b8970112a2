/**
 * A local, Hugging Face–compatible OAuth 2.0 / OpenID Connect provider (a test double):
 * oidc-provider configured like huggingface.co, plus its userinfo, whoami-v2, consent page and
 * sample users.
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

import type OidcProvider from 'oidc-provider';

import { handleAvatar, handleProfilePage, handleUserInfo, handleWhoAmI } from './api.js';
import { normalizeClients, type Client, type ClientOptions } from './clients.js';
import { CONSENT_PATH, createGrant, createOidcProvider } from './configuration.js';
import { handleConsent } from './consent.js';
import { createProviderServer, type ProviderStats, type RequestHandler } from './server.js';
import { findUser, validateAutoConsent, type AutoConsent, type ProviderState } from './state.js';
import { createSampleUsers, type SampleUser } from './users.js';

export { DEFAULT_CLIENT, type Client, type ClientOptions } from './clients.js';
export { createDevCertificate } from './dev-cert.js';
export { type AutoConsent } from './state.js';
export { createSampleUsers, type SampleOrganization, type SampleUser } from './users.js';
export { type ProviderStats } from './server.js';

export type ProviderOptions = {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Serve HTTPS with this key and certificate. */
  tls?: ServerOptions;
  /** `iss` and base of every discovery URL (default: the server's origin). */
  issuer?: string;
  clients?: readonly ClientOptions[];
  /** Default 28800 (8 hours, like huggingface.co). */
  accessTokenTtlSeconds?: number;
  /** Default 3600. */
  idTokenTtlSeconds?: number;
  /** Default 2592000 (30 days). */
  refreshTokenTtlSeconds?: number;
  /** Skip the consent page: this sample user answers at once. */
  autoConsent?: AutoConsent | null;
  /** Default 'read-memberships'; null: `orgs` comes with `profile` alone. */
  orgsRequireScope?: string | null;
};

export type CodeInput = {
  clientId: string;
  redirectUri: string;
  scope: string | readonly string[];
  userSub: string;
  /** S256 challenge. */
  codeChallenge?: string;
  nonce?: string;
  orgIds?: string[];
};

export type HuggingFaceProvider = {
  /** No trailing slash. */
  issuer: string;
  /** Where the server really listens, e.g. http://127.0.0.1:54321. */
  origin: string;
  port: number;
  /** Live counters. */
  stats: ProviderStats;
  resetStats: () => void;
  users: SampleUser[];
  clients: Client[];
  /** An authorization code as if `userSub` had consented to exactly this request. */
  createAuthorizationCode: (input: CodeInput) => Promise<string>;
  setAutoConsent: (autoConsent: AutoConsent | null) => void;
  close: () => Promise<void>;
};

/** The name the JavaScript playground used. */
export type Provider = HuggingFaceProvider;

function originOf(host: string, port: number, secure: boolean) {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `${secure ? 'https' : 'http'}://${hostPart}:${port}`;
}

function normalizeIssuer(issuer: string) {
  const url = new URL(issuer);
  if (url.search || url.hash) throw new TypeError('issuer must not have a query or fragment');
  return issuer.replace(/\/+$/, '');
}

function positiveInteger(name: string, value: number) {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`options.${name} must be a positive integer`);
  }
  return value;
}

/** Routes Hugging Face answers in its own shapes; everything else is oidc-provider's. */
function routeRequests(provider: OidcProvider, state: ProviderState): RequestHandler {
  const oidc = provider.callback();
  return async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://provider.invalid');
    if (pathname === '/oauth/userinfo') return handleUserInfo(provider, state, req, res);
    if (pathname === '/api/whoami-v2') return handleWhoAmI(provider, state, req, res);
    if (pathname.startsWith('/avatars/')) return handleAvatar(state, req, res);
    if (pathname.startsWith(CONSENT_PATH)) return handleConsent(provider, state, req, res);
    if (handleProfilePage(state, req, res)) return;
    return oidc(req, res);
  };
}

/** Starts the provider and resolves once it listens. */
export async function startHuggingFaceProvider(
  options: ProviderOptions = {}
): Promise<HuggingFaceProvider> {
  const lifetimes = {
    accessTokenTtlSeconds: positiveInteger(
      'accessTokenTtlSeconds',
      options.accessTokenTtlSeconds ?? 28_800
    ),
    idTokenTtlSeconds: positiveInteger('idTokenTtlSeconds', options.idTokenTtlSeconds ?? 3_600),
    refreshTokenTtlSeconds: positiveInteger(
      'refreshTokenTtlSeconds',
      options.refreshTokenTtlSeconds ?? 2_592_000
    ),
  };
  const clients = normalizeClients(options.clients);
  const users = createSampleUsers();
  const host = options.host ?? '127.0.0.1';
  const state: ProviderState = {
    issuer: options.issuer === undefined ? '' : normalizeIssuer(options.issuer),
    clients: new Map(clients.map((client) => [client.clientId, client])),
    users,
    orgsRequireScope:
      options.orgsRequireScope === undefined ? 'read-memberships' : options.orgsRequireScope,
    autoConsent: null,
    grantedOrgs: new Map(),
  };
  state.autoConsent = validateAutoConsent(state, options.autoConsent);

  // The issuer defaults to the origin, known once the server listens; the routes are set in the
  // same turn of the event loop, before any request can be read.
  const routing: { handle?: RequestHandler } = {};
  const { server, stats, resetStats, close } = createProviderServer(options.tls, (req, res) =>
    routing.handle ? routing.handle(req, res) : Promise.reject(new Error('still starting'))
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = originOf(host, port, options.tls !== undefined);
  state.issuer ||= origin;
  const provider = createOidcProvider(state, lifetimes);
  routing.handle = routeRequests(provider, state);

  let closing: Promise<void> | undefined;
  return {
    issuer: state.issuer,
    origin,
    port,
    stats,
    resetStats,
    users,
    clients,

    async createAuthorizationCode(input) {
      const client = await provider.Client.find(input.clientId);
      if (!client) throw new TypeError(`unknown clientId "${input.clientId}"`);
      if (!findUser(state, input.userSub)) {
        throw new TypeError(`unknown userSub "${input.userSub}"`);
      }
      const scope = typeof input.scope === 'string' ? input.scope : input.scope.join(' ');
      const grantId = await createGrant(provider, state, {
        accountId: input.userSub,
        clientId: input.clientId,
        scope,
        orgIds: input.orgIds ?? [],
      });
      const code = new provider.AuthorizationCode({
        client,
        grantId,
        gty: 'authorization_code',
        accountId: input.userSub,
        scope,
        redirectUri: input.redirectUri,
        authTime: Math.floor(Date.now() / 1000),
        ...(input.codeChallenge !== undefined && {
          codeChallenge: input.codeChallenge,
          codeChallengeMethod: 'S256',
        }),
        ...(input.nonce !== undefined && { nonce: input.nonce }),
      });
      return code.save();
    },

    setAutoConsent(autoConsent) {
      state.autoConsent = validateAutoConsent(state, autoConsent);
    },

    close() {
      closing ??= close();
      return closing;
    },
  };
}
