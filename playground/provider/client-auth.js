/**
 * Token endpoint client authentication: `client_secret_basic` (RFC 6749 §2.3.1: base64 of
 * `urlencode(id):urlencode(secret)`) or `client_secret_post` (`client_id` + `client_secret` in
 * the body). Apps without a secret send `client_id` alone.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** @param {string} value form-urldecoding (`+` is a space) @returns {string | undefined} */
function formDecode(value) {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * @param {string} header an `Authorization` header value
 * @returns {{ clientId: string, clientSecret: string } | undefined}
 */
export function parseBasicCredentials(header) {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined) return undefined;
  return { clientId, clientSecret };
}

/** @param {string} a @param {string} b compares without leaking where they differ */
export function safeEqual(a, b) {
  const hash = (value) => createHash('sha256').update(value).digest();
  return timingSafeEqual(hash(a), hash(b));
}

/**
 * @param {Map<string, import('./clients.js').Client>} clients
 * @param {string | undefined} authorization the request's `Authorization` header
 * @param {URLSearchParams} params the request body
 * @returns {{ client: import('./clients.js').Client } | { error: string, usedBasic: boolean }}
 */
export function authenticateClient(clients, authorization, params) {
  const usedBasic = authorization !== undefined;
  let clientId;
  let clientSecret;
  if (usedBasic) {
    const credentials = parseBasicCredentials(authorization);
    if (!credentials) return { error: 'Malformed Basic authorization header', usedBasic };
    const bodyClientId = params.get('client_id');
    if (bodyClientId !== null && bodyClientId !== credentials.clientId) {
      return { error: 'client_id in the body does not match the Authorization header', usedBasic };
    }
    ({ clientId, clientSecret } = credentials);
  } else {
    clientId = params.get('client_id') ?? '';
    clientSecret = params.get('client_secret') ?? '';
  }
  const client = clients.get(clientId);
  if (!client) return { error: 'Client not found', usedBasic };
  const secretMatches =
    client.clientSecret === null ? clientSecret === '' : safeEqual(clientSecret, client.clientSecret);
  if (!secretMatches) return { error: 'Client not found', usedBasic };
  return { client };
}
