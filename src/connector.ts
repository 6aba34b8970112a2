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

import {
  buildAuthorizationUrl,
  createNonce,
  createPkcePair,
  mergeScopes,
  scopeIncludes,
} from './authorization.js';
import { readCallback } from './callback.js';
import { configSchema, parseConfig } from './config.js';
import {
  endpointsFor,
  huggingFaceIssuer,
  requestTimeoutMs,
  type HuggingFaceEndpoints,
} from './endpoints.js';
import { connectorError, ConnectorErrorCodes } from './errors.js';
import { assertSameSubject, verifiedIdTokenOrUndefined, verifyIdToken } from './id-token.js';
import { metadata } from './metadata.js';
import { assertMemberOfAllowedOrganization, parseOrganizationList } from './organizations.js';
import { mapUserInfoToProfile } from './profile.js';
import { createRefreshSingleFlight } from './refresh-single-flight.js';
import { requestTokens, toTokenResponse, type HuggingFaceTokens } from './token.js';
import { fetchUserInfo } from './userinfo.js';

export type HuggingFaceConnectorOptions = {
  /** Base URL of a Hugging Face–compatible provider. Default: https://huggingface.co */
  issuer?: string;
  /** Bound for each request to the provider, in milliseconds. Default: 10 000. */
  timeoutMs?: number;
};

type Context = {
  getConfig: GetConnectorConfig;
  endpoints: HuggingFaceEndpoints;
  timeoutMs: number;
};

const loadConfig = async ({ getConfig }: Context) => parseConfig(await getConfig(metadata.id));

const getAuthorizationUri =
  (context: Context): GetAuthorizationUri =>
  async ({ state, redirectUri, scope: requestScope }, setSession) => {
    const { clientId, scope: configScope, orgIds } = await loadConfig(context);
    const scope = mergeScopes(configScope, requestScope);
    const { codeVerifier, codeChallenge } = createPkcePair();
    const nonce = scopeIncludes(scope, 'openid') ? createNonce() : undefined;

    // Logto replaces the whole session on every call: everything the callback needs goes in once.
    await setSession({ redirectUri, state, codeVerifier, ...(nonce && { nonce }) });

    return buildAuthorizationUrl({
      authorizationEndpoint: context.endpoints.authorization,
      clientId,
      redirectUri,
      scope,
      state,
      codeChallenge,
      nonce,
      orgIds,
    });
  };

type SignInResult = { tokens: HuggingFaceTokens; userInfo: SocialUserInfo };

const signIn = async (
  context: Context,
  data: unknown,
  getSession: GetSession
): Promise<SignInResult> => {
  const { endpoints, timeoutMs } = context;
  const config = await loadConfig(context);
  // Logto deletes the session when it is read: read it exactly once.
  const { code, session } = readCallback(data, await getSession());

  const tokens = await requestTokens({
    tokenEndpoint: endpoints.token,
    credentials: config,
    grant: {
      grantType: 'authorization_code',
      code,
      redirectUri: session.redirectUri,
      codeVerifier: session.codeVerifier,
    },
    timeoutMs,
  });

  const idTokenSubject = session.nonce
    ? await verifyIdToken(tokens.id_token, {
        issuer: endpoints.issuer,
        clientId: config.clientId,
        nonce: session.nonce,
        jwksUrl: endpoints.jwks,
        timeoutMs,
      })
    : undefined;

  const { userInfo, raw } = await fetchUserInfo({
    userInfoEndpoint: endpoints.userInfo,
    accessToken: tokens.access_token,
    timeoutMs,
  });

  if (idTokenSubject !== undefined) {
    assertSameSubject(idTokenSubject, userInfo.sub);
  }

  assertMemberOfAllowedOrganization(userInfo, parseOrganizationList(config.allowedOrganizations));

  return {
    // Logto stores the ID token it is handed: only one verified above (openid requested) goes.
    tokens: idTokenSubject === undefined ? { ...tokens, id_token: undefined } : tokens,
    userInfo: mapUserInfoToProfile(userInfo, raw as SocialUserInfo['rawData']),
  };
};

const getAccessTokenByRefreshToken =
  (context: Context): GetAccessTokenByRefreshToken =>
  async (refreshToken) => {
    const config = await loadConfig(context);

    if (typeof refreshToken !== 'string' || refreshToken.length === 0) {
      throw connectorError(
        ConnectorErrorCodes.InvalidRequestParameters,
        'No Hugging Face refresh token is stored for this user. The user must sign in with Hugging Face again.'
      );
    }

    const tokens = await requestTokens({
      tokenEndpoint: context.endpoints.token,
      credentials: config,
      grant: { grantType: 'refresh_token', refreshToken },
      timeoutMs: context.timeoutMs,
    });
    // Logto passes no earlier ID token or sub to a refresh, so a refreshed ID token cannot be
    // matched to the user. It is kept only when it passes every other check of a sign-in
    // (signature, iss, aud/azp, exp, iat; no nonce on refresh), and otherwise left out rather than
    // failing the refresh: the access token was issued for the refresh token Logto presented,
    // while an ID token nobody verified must never reach Logto's vault.
    const idToken = await verifiedIdTokenOrUndefined(tokens.id_token, {
      issuer: context.endpoints.issuer,
      clientId: config.clientId,
      nonce: undefined,
      jwksUrl: context.endpoints.jwks,
      timeoutMs: context.timeoutMs,
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
  // Logto builds a connector for every request: refreshes are shared at the factory, which
  // lives as long as the process.
  const shareRefreshes = createRefreshSingleFlight();

  // eslint-disable-next-line @typescript-eslint/require-await -- Logto awaits what the factory returns.
  return async ({ getConfig }) => {
    const context: Context = { getConfig, endpoints: endpointsFor(issuer), timeoutMs };

    return {
      metadata,
      type: ConnectorType.Social,
      configGuard: configSchema,
      getAuthorizationUri: getAuthorizationUri(context),
      getUserInfo: async (data, getSession) => (await signIn(context, data, getSession)).userInfo,
      getTokenResponseAndUserInfo: async (data, getSession) => {
        const { tokens, userInfo } = await signIn(context, data, getSession);

        return { tokenResponse: toTokenResponse(tokens), userInfo };
      },
      getAccessTokenByRefreshToken: shareRefreshes(getAccessTokenByRefreshToken(context)),
    };
  };
};
