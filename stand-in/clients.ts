/**
 * Registered OAuth apps and huggingface.co's redirect URI rule: exact match, except that on
 * loopback (`localhost`, `127.0.0.1`, `[::1]`) any port is accepted.
 */
import type { ClientMetadata } from 'oidc-provider';

export type ClientOptions = {
  clientId: string;
  clientSecret: string;
  /** Empty: any http(s) loopback URI on any port. */
  redirectUris?: readonly string[];
  /** Shown on the consent page (defaults to `clientId`). */
  name?: string;
};

export type Client = Required<ClientOptions>;

export const DEFAULT_CLIENT: Readonly<Client> = Object.freeze({
  clientId: 'playground-client',
  clientSecret: 'playground-secret',
  redirectUris: [],
  name: 'Hugging Face connector playground',
});

/** Every app's scope ceiling: a scope outside it is refused (invalid_scope), as on Hugging Face. */
const ALLOWED_SCOPES = 'openid profile email read-memberships inference-api read-repos';

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export const normalizeClients = (clients: readonly ClientOptions[] = [DEFAULT_CLIENT]): Client[] =>
  clients.map(({ clientId, clientSecret, redirectUris = [], name = clientId }) => {
    return { clientId, clientSecret, redirectUris, name };
  });

export function isRedirectUriAllowed(client: Client, redirectUri: string): boolean {
  // A redirect target is absolute http(s), without a fragment.
  const candidate = redirectUri.includes('#') ? null : URL.parse(redirectUri);
  if (!candidate || !/^https?:$/.test(candidate.protocol)) return false;
  if (client.redirectUris.length === 0) return isLoopback(candidate);
  return client.redirectUris.some((registered) => {
    const url = new URL(registered);
    if (!isLoopback(url) || !isLoopback(candidate)) return registered === redirectUri;
    url.port = candidate.port;
    return url.href === candidate.href;
  });
}

/** The app as oidc-provider registers it; which URIs it accepts is isRedirectUriAllowed's call. */
export const toClientMetadata = (client: Client): ClientMetadata => ({
  client_id: client.clientId,
  client_name: client.name,
  client_secret: client.clientSecret,
  redirect_uris: client.redirectUris.length > 0 ? [...client.redirectUris] : ['http://localhost/'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  scope: ALLOWED_SCOPES,
});
