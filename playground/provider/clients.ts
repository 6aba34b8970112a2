/**
 * Registered OAuth apps and huggingface.co's redirect URI rule: exact match, except that on
 * loopback (`localhost`, `127.0.0.1`, `[::1]`) any port is accepted.
 */
import type { ClientMetadata } from 'oidc-provider';

export type ClientOptions = {
  clientId: string;
  /** `null` makes a public app: it authenticates with `client_id` alone and must use PKCE. */
  clientSecret?: string | null;
  /** Empty: any http(s) loopback URI on any port. */
  redirectUris?: readonly string[];
  /** The app's scope ceiling. */
  allowedScopes?: readonly string[];
  /** Shown on the consent page (defaults to `clientId`). */
  name?: string;
};

export type Client = {
  clientId: string;
  clientSecret: string | null;
  redirectUris: string[];
  allowedScopes: string[];
  name: string;
};

export const DEFAULT_ALLOWED_SCOPES: readonly string[] = Object.freeze([
  'openid',
  'profile',
  'email',
  'read-memberships',
  'inference-api',
  'read-repos',
]);

export const DEFAULT_CLIENT: Readonly<Required<ClientOptions>> = Object.freeze({
  clientId: 'playground-client',
  clientSecret: 'playground-secret',
  redirectUris: [],
  allowedScopes: DEFAULT_ALLOWED_SCOPES,
  name: 'Hugging Face connector playground',
});

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The parsed URI when it can be a redirect target: absolute http(s), no fragment. */
function parseRedirectUri(uri: string): URL | undefined {
  if (uri.includes('#') || !URL.canParse(uri)) return undefined;
  const url = new URL(uri);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** Validates and fills in the clients given to the provider. */
export function normalizeClients(clients: readonly ClientOptions[] = [DEFAULT_CLIENT]): Client[] {
  if (clients.length === 0) throw new TypeError('options.clients must be a non-empty array');
  const seen = new Set<string>();
  return clients.map((client) => {
    if (client.clientId === '') throw new TypeError('every client needs a non-empty clientId');
    if (seen.has(client.clientId)) throw new TypeError(`duplicate clientId "${client.clientId}"`);
    seen.add(client.clientId);
    const redirectUris = [...(client.redirectUris ?? [])];
    for (const uri of redirectUris) {
      if (!parseRedirectUri(uri)) {
        throw new TypeError(
          `redirect URI "${uri}" of "${client.clientId}" is not an absolute URL without a fragment`
        );
      }
    }
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret ?? null,
      redirectUris,
      allowedScopes: [...(client.allowedScopes ?? DEFAULT_ALLOWED_SCOPES)],
      name: client.name ?? client.clientId,
    };
  });
}

/** Whether `redirectUri` may receive this client's authorization responses. */
export function isRedirectUriAllowed(client: Client, redirectUri: string): boolean {
  const candidate = parseRedirectUri(redirectUri);
  if (!candidate) return false;
  const isLoopback = (url: URL) => LOOPBACK_HOSTNAMES.has(url.hostname);
  if (client.redirectUris.length === 0) return isLoopback(candidate);
  return client.redirectUris.some((registered) => {
    if (registered === redirectUri) return true;
    const url = new URL(registered);
    if (!isLoopback(url) || !isLoopback(candidate)) return false;
    url.port = candidate.port;
    return url.href === candidate.href;
  });
}

/**
 * The app as oidc-provider registers it. A client without redirect URIs registers the loopback
 * roots; which URIs it really accepts is decided by isRedirectUriAllowed.
 */
export function toClientMetadata(client: Client): ClientMetadata {
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.clientSecret === null
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
    redirect_uris:
      client.redirectUris.length > 0
        ? client.redirectUris
        : ['http://localhost/', 'http://127.0.0.1/', 'http://[::1]/'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: client.allowedScopes.join(' '),
  };
}
