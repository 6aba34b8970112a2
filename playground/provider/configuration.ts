/**
 * oidc-provider configured to answer like huggingface.co. Everything standard (authorization
 * requests, PKCE, client authentication, codes, token rotation, ID tokens, keys) is the library's;
 * what follows is data (paths, scopes, claims, lifetimes) and the hooks Hugging Face's
 * differences need, each marked "Hugging Face:".
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';

import { standardClaims } from './claims.js';
import { isRedirectUriAllowed, toClientMetadata } from './clients.js';
import { renderErrorPage } from './pages.js';
import { KNOWN_SCOPES } from './scopes.js';
import {
  findUser,
  parseOrgIds,
  rememberGrantedOrgs,
  stringParam,
  type ProviderState,
} from './state.js';

export type Lifetimes = {
  accessTokenTtlSeconds: number;
  idTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
};

export const CONSENT_PATH = '/oauth/consent/';
const INTERACTION_TTL_SECONDS = 600;

/** Hugging Face publishes a short discovery document: no scopes or claims lists. */
export const discoveryDocument = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/oauth/authorize`,
  token_endpoint: `${issuer}/oauth/token`,
  userinfo_endpoint: `${issuer}/oauth/userinfo`,
  jwks_uri: `${issuer}/oauth/jwks`,
  response_types_supported: ['code'],
  response_modes_supported: ['query'],
  grant_types_supported: ['authorization_code', 'refresh_token'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  code_challenge_methods_supported: ['S256'],
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
});

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Unbiased random letters and digits. */
function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // 248 = 4 * 62: rejecting higher bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

const signingKey = () => {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  });
  return { ...jwk, kid: randomAlphanumeric(16), alg: 'RS256', use: 'sig' };
};

/** The grant a user gives the app on the consent page (or automatically, see autoConsent). */
export async function createGrant(
  provider: Provider,
  state: ProviderState,
  input: { accountId: string; clientId: string; scope: string; orgIds: string[] }
): Promise<string> {
  const grant = new provider.Grant({ accountId: input.accountId, clientId: input.clientId });
  grant.addOIDCScope(input.scope);
  const grantId = await grant.save();
  rememberGrantedOrgs(state, grantId, input.orgIds);
  return grantId;
}

/** Error pages for what must not redirect back to the app, worded like huggingface.co's. */
function describeAuthorizationError(ctx: KoaContextWithOIDC, state: ProviderState, error: string) {
  const { client_id: clientId, redirect_uri: redirectUri } = ctx.oidc.params ?? {};
  if (error === 'invalid_client' && typeof clientId === 'string') {
    return `Unknown client_id "${clientId}": no OAuth app has this id.`;
  }
  if (error === 'invalid_redirect_uri' && typeof redirectUri === 'string') {
    const app = state.clients.get(String(clientId))?.name ?? String(clientId);
    return (
      `The redirect_uri "${redirectUri}" is not registered for the app "${app}". It must match a ` +
      'registered URI exactly (on localhost, 127.0.0.1 and [::1] any port is accepted).'
    );
  }
  return undefined;
}

export function createOidcProvider(state: ProviderState, lifetimes: Lifetimes): Provider {
  const provider = new Provider(state.issuer, {
    clients: [...state.clients.values()].map(toClientMetadata),
    jwks: { keys: [signingKey()] },
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      jwks: '/oauth/jwks',
      userinfo: '/oauth/userinfo',
    },
    responseTypes: ['code'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    scopes: KNOWN_SCOPES,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'profile', 'picture', 'website'],
      email: ['email', 'email_verified'],
    },
    // Hugging Face: the ID token carries the profile and email claims too.
    conformIdTokenClaims: false,
    // Hugging Face: `orgIds` asks the user to grant access to an organization.
    extraParams: ['orgIds'],
    features: {
      // Hugging Face answers userinfo without `openid` and adds isPro, canPay and orgs: api.ts.
      userinfo: { enabled: false },
      devInteractions: { enabled: false },
    },
    ttl: {
      AccessToken: lifetimes.accessTokenTtlSeconds,
      IdToken: lifetimes.idTokenTtlSeconds,
      RefreshToken: lifetimes.refreshTokenTtlSeconds,
      Grant: lifetimes.refreshTokenTtlSeconds,
      AuthorizationCode: 60,
      Interaction: INTERACTION_TTL_SECONDS,
      Session: INTERACTION_TTL_SECONDS,
    },
    // Hugging Face: a refresh token comes without `offline_access` (not a Hugging Face scope),
    // and every use rotates it.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    findAccount(_ctx, sub) {
      const user = findUser(state, sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: (_use, scope) => standardClaims(user, new Set(scope.split(' ')), state.issuer),
      };
    },
    // The consent page asks every time, unless autoConsent answers for a sample user.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const decided = oidc.result?.consent?.grantId;
      if (decided) return oidc.provider.Grant.find(decided);
      if (!state.autoConsent || !oidc.account || !oidc.client) return undefined;
      if (state.autoConsent.decision === 'deny') {
        throw new errors.AccessDenied('The user denied the request');
      }
      const grantId = await createGrant(oidc.provider, state, {
        accountId: oidc.account.accountId,
        clientId: oidc.client.clientId,
        scope: stringParam(oidc.params?.scope),
        orgIds: parseOrgIds(oidc.params?.orgIds),
      });
      return oidc.provider.Grant.find(grantId);
    },
    interactions: { url: (_ctx, interaction) => `${CONSENT_PATH}${interaction.uid}` },
    renderError(ctx, out) {
      const message = describeAuthorizationError(ctx, state, out.error);
      ctx.type = 'html';
      ctx.body = renderErrorPage('Sign-in error', message ?? out.error_description ?? out.error);
    },
  });

  // Hugging Face: on loopback any port is accepted, and an app without registered redirect URIs
  // (the playground's) accepts any loopback URI.
  provider.Client.prototype.redirectUriAllowed = function (this: { clientId: string }, uri) {
    const client = state.clients.get(this.clientId);
    return client !== undefined && isRedirectUriAllowed(client, uri);
  };

  useHuggingFaceTokenFormats(provider);
  provider.use(autoConsentSession(provider, state));
  provider.use(huggingFaceAnswers(state));
  return provider;
}

type TokenModel = { prototype: { generateTokenId: (this: unknown) => string } };

/**
 * Hugging Face: access tokens look like `hf_oauth_` and 34 letters or digits, refresh tokens
 * like 48 of them. oidc-provider's opaque tokens are random base64url; the original generator
 * still runs because it records the token format.
 */
function useHuggingFaceTokenFormats(provider: Provider) {
  const formats: [TokenModel, () => string][] = [
    [provider.AccessToken as unknown as TokenModel, () => `hf_oauth_${randomAlphanumeric(34)}`],
    [provider.RefreshToken as unknown as TokenModel, () => randomAlphanumeric(48)],
  ];
  for (const [model, format] of formats) {
    const generate = model.prototype.generateTokenId;
    model.prototype.generateTokenId = function (this: unknown) {
      generate.call(this);
      return format();
    };
  }
}

/**
 * autoConsent: the sample user is already signed in to Hugging Face, so the authorization
 * request is answered at once (one redirect, no cookies needed), like a returning user's.
 */
function autoConsentSession(provider: Provider, state: ProviderState) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    if (state.autoConsent && ctx.method === 'GET' && ctx.path === '/oauth/authorize') {
      const session = new provider.Session();
      session.loginAccount({ accountId: state.autoConsent.userSub });
      await session.save(INTERACTION_TTL_SECONDS);
      ctx.req.headers.cookie = `${provider.cookieName('session')}=${session.jti}`;
    }
    await next();
  };
}

/** Hugging Face's discovery document, lowercase `bearer`, and its error descriptions. */
function huggingFaceAnswers(state: ProviderState) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.path === '/.well-known/openid-configuration' && ctx.status === 200) {
      ctx.body = discoveryDocument(state.issuer);
    }
    if (ctx.path !== '/oauth/token' || !isRecord(ctx.body)) return;
    const body = ctx.body;
    if (body.token_type === 'Bearer') body.token_type = 'bearer';
    if (body.error === 'invalid_client') body.error_description = 'Client not found';
    if (body.error === 'invalid_grant') {
      body.error_description =
        ctx.oidc.params?.grant_type === 'refresh_token' ? 'Invalid refresh token' : 'Invalid code';
    }
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
