import {
  ConnectorType,
  type CreateConnector,
  type GetAccessTokenByRefreshToken,
  type GetAuthorizationUri,
  type GetConnectorConfig,
  type GetSession,
  type SocialConnector,
  type SocialUserInfo,
} from '@logto/connector-kit';

import { buildAuthorizationUrl, createSignInSession, readCallback } from './authorization.js';
import { configSchema, parseConfig, type HuggingFaceConfig } from './config.js';
import { endpointsFor, huggingFaceIssuer, requestTimeoutMs } from './endpoints.js';
import { connectorError, ConnectorErrorCodes } from './errors.js';
import { sendRequest } from './http.js';
import {
  assertSameSubject,
  prepareKeySet,
  verifiedIdTokenOrUndefined,
  verifyIdToken,
} from './id-token.js';
import { metadata } from './metadata.js';
import { assertMemberOfAllowedOrganization } from './organizations.js';
import { mapUserInfoToProfile, profileFromIdToken } from './profile.js';
import { createRefreshSingleFlight } from './refresh-single-flight.js';
import { mergeScopes, needsUserInfo, scopeIncludes } from './scopes.js';
import { requestTokens, toTokenResponse, type HuggingFaceTokens } from './token.js';
import { fetchUserInfo } from './userinfo.js';

export type HuggingFaceConnectorOptions = {
  /** Base URL of a Hugging Face–compatible provider. Default: https://huggingface.co */
  issuer?: string;
  /** Bound for each request to the provider, in milliseconds. Default: 10 000. */
  timeoutMs?: number;
};

type Provider = { endpoints: ReturnType<typeof endpointsFor>; timeoutMs: number };

/**
 * While the user is on Hugging Face's consent page, opens the connection the callback will use with
 * one small request: the signing keys when the callback needs them and none are cached, otherwise the
 * discovery document. Never awaited; a failure is left for the callback to meet.
 */
const warmUp = ({ endpoints, timeoutMs }: Provider, withIdToken: boolean) => {
  const discover = async () =>
    sendRequest({ url: endpoints.discovery, purpose: 'warm-up', timeoutMs });
  const warming = withIdToken
    ? prepareKeySet(endpoints.jwks, timeoutMs).then(async (downloaded) => downloaded || discover())
    : discover();
  warming.catch(() => undefined);
};

const authorizationUri =
  (provider: Provider, config: () => Promise<HuggingFaceConfig>): GetAuthorizationUri =>
  async ({ state, redirectUri, scope: requestScope }, setSession) => {
    const { clientId, scope: configScope, orgIds } = await config();
    const scope = mergeScopes(configScope, requestScope);
    const withIdToken = scopeIncludes(scope, 'openid');
    const session = createSignInSession({ redirectUri, state }, scope, withIdToken);

    // Logto replaces the whole session on every call: everything the callback needs goes in once.
    await setSession(session);
    warmUp(provider, withIdToken);

    return buildAuthorizationUrl(provider.endpoints.authorization, clientId, session, orgIds);
  };

const signIn = async (
  { endpoints, timeoutMs }: Provider,
  config: HuggingFaceConfig,
  data: unknown,
  getSession: GetSession
): Promise<{ tokens: HuggingFaceTokens; userInfo: SocialUserInfo }> => {
  // Logto deletes the session when it is read: read it exactly once.
  const { code, session } = readCallback(data, await getSession());
  const scope = session.scope ?? mergeScopes(config.scope, undefined);
  const tokens = await requestTokens(
    endpoints.token,
    config,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: session.redirectUri,
      code_verifier: session.codeVerifier,
    },
    timeoutMs
  );
  const { issuer, jwks: jwksUrl } = endpoints;
  const claims =
    session.nonce === undefined
      ? undefined
      : await verifyIdToken(tokens.id_token, {
          issuer,
          jwksUrl,
          timeoutMs,
          clientId: config.clientId,
          nonce: session.nonce,
        });
  // The verified ID token serves when it has the whole profile and nothing needs userinfo's extras.
  const fromIdToken =
    claims &&
    !needsUserInfo({ ...config, scope }) &&
    profileFromIdToken(claims, tokens.scope ?? scope);
  const profile =
    fromIdToken || (await fetchUserInfo(endpoints.userInfo, tokens.access_token, timeoutMs));

  if (claims) {
    assertSameSubject(claims.sub, profile.userInfo.sub);
  }

  assertMemberOfAllowedOrganization(profile.userInfo, config.allowedOrganizations);

  return {
    // Logto stores the ID token it is handed: only one verified above (openid requested) goes.
    tokens: claims ? tokens : { ...tokens, id_token: undefined },
    userInfo: mapUserInfoToProfile(profile.userInfo, profile.raw as SocialUserInfo['rawData']),
  };
};

const refresh =
  (
    { endpoints, timeoutMs }: Provider,
    config: () => Promise<HuggingFaceConfig>
  ): GetAccessTokenByRefreshToken =>
  async (refreshToken) => {
    const { clientId, clientSecret } = await config();

    if (typeof refreshToken !== 'string' || refreshToken.length === 0) {
      throw connectorError(
        ConnectorErrorCodes.InvalidRequestParameters,
        'No Hugging Face refresh token is stored for this user. The user must sign in with Hugging Face again.'
      );
    }

    const tokens = await requestTokens(
      endpoints.token,
      { clientId, clientSecret },
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      timeoutMs
    );
    // A refreshed ID token cannot be matched to the user (Logto passes no earlier sub): it is kept
    // when it passes every other check, else left out rather than failing the refresh, since an ID
    // token nobody verified must never reach Logto's vault.
    const idToken = await verifiedIdTokenOrUndefined(tokens.id_token, {
      issuer: endpoints.issuer,
      jwksUrl: endpoints.jwks,
      timeoutMs,
      clientId,
      nonce: undefined,
    });
    // Without rotation the presented refresh token stays valid (RFC 6749 §6); hand it back so a
    // host that replaces its stored token set does not lose it.
    return toTokenResponse({
      ...tokens,
      id_token: idToken,
      refresh_token: tokens.refresh_token ?? refreshToken,
    });
  };

/** Builds the connector factory for one provider; the default export is bound to huggingface.co. */
export const createHuggingFaceConnector = ({
  issuer = huggingFaceIssuer,
  timeoutMs = requestTimeoutMs,
}: HuggingFaceConnectorOptions = {}): CreateConnector<SocialConnector> => {
  const provider: Provider = { endpoints: endpointsFor(issuer), timeoutMs };
  // Logto builds a connector for every request: refreshes are shared at the factory, which lives as
  // long as the process.
  const shareRefreshes = createRefreshSingleFlight();

  // eslint-disable-next-line @typescript-eslint/require-await -- Logto awaits what the factory returns.
  return async ({ getConfig }: { getConfig: GetConnectorConfig }) => {
    // Read at call time, never at load time: Logto's loader passes a getConfig that throws.
    const config = async () => parseConfig(await getConfig(metadata.id));
    const signInWith = async (data: unknown, getSession: GetSession) =>
      signIn(provider, await config(), data, getSession);

    return {
      metadata,
      type: ConnectorType.Social,
      configGuard: configSchema,
      getAuthorizationUri: authorizationUri(provider, config),
      getUserInfo: async (data, getSession) => (await signInWith(data, getSession)).userInfo,
      getTokenResponseAndUserInfo: async (data, getSession) => {
        const { tokens, userInfo } = await signInWith(data, getSession);

        return { tokenResponse: toTokenResponse(tokens), userInfo };
      },
      getAccessTokenByRefreshToken: shareRefreshes(refresh(provider, config)),
    };
  };
};
