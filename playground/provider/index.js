/**
 * A local, Hugging Face–compatible OAuth 2.0 / OpenID Connect provider (a test double).
 *
 *   const provider = await startHuggingFaceProvider({ autoConsent: { userSub, decision: 'allow' } });
 *   // … point the connector at provider.issuer …
 *   await provider.close();
 */
import { normalizeClients } from './clients.js';
import { findUser, validateAutoConsent } from './context.js';
import { GrantStore } from './grants.js';
import { KeyStore } from './keys.js';
import { parseScope } from './scopes.js';
import { createProviderServer } from './server.js';
import { createSampleUsers } from './users.js';

export { DEFAULT_CLIENT } from './clients.js';
export { createSampleUsers } from './users.js';

/**
 * @typedef {object} ProviderOptions
 * @property {string} [host] default '127.0.0.1'
 * @property {number} [port] default 0 (a free port)
 * @property {{ key: string | Buffer, cert: string | Buffer } & import('node:https').ServerOptions} [tls]
 *   serve HTTPS with this key and certificate
 * @property {string} [issuer] `iss` and base of every discovery URL (default: the server's origin)
 * @property {import('./clients.js').ClientOptions[]} [clients]
 * @property {number} [accessTokenTtlSeconds] default 28800 (8 hours, like huggingface.co)
 * @property {number} [idTokenTtlSeconds] default 3600
 * @property {number} [refreshTokenTtlSeconds] default 2592000 (30 days)
 * @property {import('./context.js').AutoConsent | null} [autoConsent] skip the consent page
 * @property {string | null} [orgsRequireScope] default 'read-memberships'; null: `orgs` comes
 *   with `profile` alone
 * @property {() => number} [now] clock in milliseconds (default Date.now), to test expiry
 *
 * @typedef {object} Provider
 * @property {string} issuer no trailing slash
 * @property {string} origin where the server really listens, e.g. http://127.0.0.1:54321
 * @property {number} port
 * @property {import('./server.js').ProviderStats} stats live counters
 * @property {() => void} resetStats
 * @property {import('./users.js').SampleUser[]} users
 * @property {import('./clients.js').Client[]} clients
 * @property {() => Promise<string>} rotateSigningKey new key, returns its kid; old keys stay in JWKS
 * @property {(claims: Record<string, unknown>, options?: { kid?: string }) => Promise<string>} signIdToken
 *   signs `claims` over defaults for iss, aud (first client), sub (first user), iat and exp
 * @property {(input: CodeInput) => string} createAuthorizationCode
 * @property {(autoConsent: import('./context.js').AutoConsent | null) => void} setAutoConsent
 * @property {(filter?: { clientId?: string, userSub?: string }) => number} revokeTokens
 * @property {() => Record<string, number>} storeSizes
 * @property {() => Promise<void>} close
 *
 * @typedef {object} CodeInput
 * @property {string} clientId
 * @property {string} redirectUri
 * @property {string | string[]} scope
 * @property {string} userSub
 * @property {string} [codeChallenge] S256 challenge
 * @property {string} [nonce]
 * @property {string[]} [orgIds]
 */

const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  accessTokenTtlSeconds: 28_800,
  idTokenTtlSeconds: 3_600,
  refreshTokenTtlSeconds: 2_592_000,
  orgsRequireScope: 'read-memberships',
};

/** @param {string} host @param {number} port @param {boolean} secure */
function originOf(host, port, secure) {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `${secure ? 'https' : 'http'}://${hostPart}:${port}`;
}

/** @param {string} issuer */
function normalizeIssuer(issuer) {
  const url = new URL(issuer);
  if (url.search || url.hash) throw new TypeError('issuer must not have a query or fragment');
  return issuer.replace(/\/+$/, '');
}

/**
 * Starts the provider and resolves once it listens.
 * @param {ProviderOptions} [options]
 * @returns {Promise<Provider>}
 */
export async function startHuggingFaceProvider(options = {}) {
  /** @type {ProviderOptions & typeof DEFAULTS} */
  const settings = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  for (const name of ['accessTokenTtlSeconds', 'idTokenTtlSeconds', 'refreshTokenTtlSeconds']) {
    if (!Number.isInteger(settings[name]) || settings[name] <= 0) {
      throw new TypeError(`options.${name} must be a positive integer`);
    }
  }
  const now = settings.now ?? Date.now;
  const clients = normalizeClients(settings.clients);
  const users = createSampleUsers();
  const configuredIssuer = settings.issuer === undefined ? undefined : normalizeIssuer(settings.issuer);

  /** @type {import('./context.js').ProviderContext} */
  const context = {
    issuer: '',
    clients: new Map(clients.map((client) => [client.clientId, client])),
    users,
    keys: await KeyStore.create(),
    grants: new GrantStore({
      now,
      accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: settings.refreshTokenTtlSeconds,
    }),
    accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
    idTokenTtlSeconds: settings.idTokenTtlSeconds,
    orgsRequireScope: settings.orgsRequireScope,
    autoConsent: null,
  };
  context.autoConsent = validateAutoConsent(context, settings.autoConsent);

  const { server, stats, resetStats, closeAllSockets } = createProviderServer(context, { tls: settings.tls });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = originOf(settings.host, port, Boolean(settings.tls));
  context.issuer = configuredIssuer ?? origin;

  /** @type {Promise<void> | undefined} */
  let closing;

  return {
    issuer: context.issuer,
    origin,
    port,
    stats,
    resetStats,
    users,
    clients,
    rotateSigningKey: () => context.keys.rotate(),

    async signIdToken(claims, { kid } = {}) {
      const issuedAt = Math.floor(now() / 1000);
      return context.keys.sign(
        {
          iss: context.issuer,
          aud: clients[0].clientId,
          sub: users[0].sub,
          iat: issuedAt,
          exp: issuedAt + context.idTokenTtlSeconds,
          ...claims,
        },
        { kid }
      );
    },

    createAuthorizationCode({ clientId, redirectUri, scope, userSub, codeChallenge, nonce, orgIds = [] }) {
      if (!context.clients.has(clientId)) throw new TypeError(`unknown clientId "${clientId}"`);
      if (!findUser(context, userSub)) throw new TypeError(`unknown userSub "${userSub}"`);
      return context.grants.createCode({
        clientId,
        userSub,
        scopes: parseScope(scope),
        orgIds,
        authTime: context.grants.nowSeconds(),
        nonce,
        redirectUri,
        codeChallenge,
      });
    },

    setAutoConsent(autoConsent) {
      context.autoConsent = validateAutoConsent(context, autoConsent);
    },

    revokeTokens({ clientId, userSub } = {}) {
      return context.grants.revoke(
        (grant) =>
          (clientId === undefined || grant.clientId === clientId) && (userSub === undefined || grant.userSub === userSub)
      );
    },

    storeSizes: () => context.grants.sizes,

    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        closeAllSockets();
      });
      return closing;
    },
  };
}
