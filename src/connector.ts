import {
  ConnectorType,
  type CreateConnector,
  type GetAuthorizationUri,
  type GetConnectorConfig,
  type GetSession,
  type SocialConnector,
  type SocialUserInfo,
} from '@logto/connector-kit';

import { buildAuthorizationUrl, createPkcePair, resolveScope } from './authorization.js';
import { parseSignInSession, readAuthorizationCode } from './callback.js';
import { configSchema, parseConfig } from './config.js';
import {
  endpointsFor,
  huggingFaceIssuer,
  requestTimeoutMs,
  type HuggingFaceEndpoints,
} from './endpoints.js';
import { metadata } from './metadata.js';
import { mapUserInfoToProfile } from './profile.js';
import { requestTokens, type HuggingFaceTokens } from './token.js';
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
    const { clientId, scope: configScope } = await loadConfig(context);
    const { codeVerifier, codeChallenge } = createPkcePair();

    // Logto replaces the whole session on every call: everything the callback needs goes in once.
    await setSession({ redirectUri, state, codeVerifier });

    return buildAuthorizationUrl({
      authorizationEndpoint: context.endpoints.authorization,
      clientId,
      redirectUri,
      scope: resolveScope(requestScope, configScope),
      state,
      codeChallenge,
    });
  };

type SignInResult = { tokens: HuggingFaceTokens; userInfo: SocialUserInfo };

const signIn = async (
  context: Context,
  data: unknown,
  getSession: GetSession
): Promise<SignInResult> => {
  const config = await loadConfig(context);
  // Logto deletes the session when it is read: read it exactly once.
  const session = parseSignInSession(await getSession());
  const code = readAuthorizationCode(data, session.state);

  const tokens = await requestTokens({
    tokenEndpoint: context.endpoints.token,
    credentials: config,
    grant: {
      grantType: 'authorization_code',
      code,
      redirectUri: session.redirectUri,
      codeVerifier: session.codeVerifier,
    },
    timeoutMs: context.timeoutMs,
  });

  const { userInfo, raw } = await fetchUserInfo({
    userInfoEndpoint: context.endpoints.userInfo,
    accessToken: tokens.access_token,
    timeoutMs: context.timeoutMs,
  });

  return { tokens, userInfo: mapUserInfoToProfile(userInfo, raw as SocialUserInfo['rawData']) };
};

/** Builds the connector factory for one provider; the default export is bound to huggingface.co. */
export const createHuggingFaceConnector =
  ({
    issuer = huggingFaceIssuer,
    timeoutMs = requestTimeoutMs,
  }: HuggingFaceConnectorOptions = {}): CreateConnector<SocialConnector> =>
  async ({ getConfig }) => {
    const context: Context = { getConfig, endpoints: endpointsFor(issuer), timeoutMs };

    return {
      metadata,
      type: ConnectorType.Social,
      configGuard: configSchema,
      getAuthorizationUri: getAuthorizationUri(context),
      getUserInfo: async (data, getSession) =>
        (await signIn(context, data, getSession)).userInfo,
    };
  };
