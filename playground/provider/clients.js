/**
 * Registered OAuth apps and the redirect URI rule of huggingface.co: exact match, except that
 * on loopback (`localhost`, `127.0.0.1`, `[::1]`) any port is accepted.
 *
 * @typedef {object} ClientOptions
 * @property {string} clientId
 * @property {string | null} [clientSecret] `null` makes a public app: it authenticates with
 *   `client_id` alone and must use PKCE
 * @property {string[]} [redirectUris] empty: any http(s) loopback URI on any port
 * @property {string[]} [allowedScopes] the app's scope ceiling
 * @property {string} [name] shown on the consent page (defaults to `clientId`)
 *
 * @typedef {Required<ClientOptions>} Client
 */

export const DEFAULT_ALLOWED_SCOPES = Object.freeze([
  'openid',
  'profile',
  'email',
  'read-memberships',
  'inference-api',
  'read-repos',
]);

/** @type {ClientOptions} */
export const DEFAULT_CLIENT = Object.freeze({
  clientId: 'playground-client',
  clientSecret: 'playground-secret',
  redirectUris: [],
  allowedScopes: [...DEFAULT_ALLOWED_SCOPES],
  name: 'Hugging Face connector playground',
});

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Validates and fills in the clients given to the provider.
 * @param {ClientOptions[] | undefined} clients
 * @returns {Client[]}
 */
export function normalizeClients(clients) {
  const list = clients ?? [DEFAULT_CLIENT];
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('options.clients must be a non-empty array');
  }
  const seen = new Set();
  return list.map((client) => {
    if (typeof client?.clientId !== 'string' || client.clientId === '') {
      throw new TypeError('every client needs a non-empty string clientId');
    }
    if (seen.has(client.clientId)) {
      throw new TypeError(`duplicate clientId "${client.clientId}"`);
    }
    seen.add(client.clientId);
    const secret = client.clientSecret ?? null;
    if (secret !== null && typeof secret !== 'string') {
      throw new TypeError(`clientSecret of "${client.clientId}" must be a string or null`);
    }
    const redirectUris = client.redirectUris ?? [];
    for (const uri of redirectUris) {
      if (!parseRedirectUri(uri)) {
        throw new TypeError(`redirect URI "${uri}" of "${client.clientId}" is not an absolute URL without a fragment`);
      }
    }
    return {
      clientId: client.clientId,
      clientSecret: secret,
      redirectUris: [...redirectUris],
      allowedScopes: [...(client.allowedScopes ?? DEFAULT_ALLOWED_SCOPES)],
      name: client.name ?? client.clientId,
    };
  });
}

/**
 * @param {unknown} uri
 * @returns {URL | undefined} the parsed URI when it can be a redirect target
 */
function parseRedirectUri(uri) {
  if (typeof uri !== 'string' || uri.includes('#')) return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** @param {URL} url */
const isLoopback = (url) => LOOPBACK_HOSTNAMES.has(url.hostname);

/**
 * Whether `redirectUri` may receive this client's authorization responses.
 * @param {Client} client
 * @param {string} redirectUri
 */
export function isRedirectUriAllowed(client, redirectUri) {
  const candidate = parseRedirectUri(redirectUri);
  if (!candidate) return false;
  if (client.redirectUris.length === 0) return isLoopback(candidate);
  return client.redirectUris.some((registered) => {
    if (registered === redirectUri) return true;
    const url = new URL(registered);
    if (!isLoopback(url) || !isLoopback(candidate)) return false;
    // Loopback: everything but the port must still match exactly.
    return (
      url.protocol === candidate.protocol &&
      url.hostname === candidate.hostname &&
      url.pathname === candidate.pathname &&
      url.search === candidate.search &&
      url.username === candidate.username &&
      url.password === candidate.password
    );
  });
}
