/**
 * The part of Logto core that drives a social connector, reduced to what the playground needs:
 * one connector session per browser, and the token response Logto would keep in its vault.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { ConnectorError } from '@logto/connector-kit';

import { createBoundedMap } from './bounded-map.js';

const MAX_BROWSERS = 1_000;

const randomId = () => randomBytes(18).toString('base64url');

/**
 * @typedef {import('@logto/connector-kit').SocialUserInfo} SocialUserInfo
 * @typedef {import('@logto/connector-kit').TokenResponse} TokenResponse
 *
 * @typedef {object} SignIn what Logto knows about a browser's last sign-in
 * @property {SocialUserInfo} userInfo
 * @property {TokenResponse} tokenResponse the current tokens (refreshed ones once refreshed)
 * @property {string} requestedScope
 * @property {{ authorizationUriMs: number | undefined, tokenAndUserInfoMs: number }} timings
 * @property {{ tokenResponse: TokenResponse, ms: number, count: number } | undefined} lastRefresh
 */

/** Connector sessions keyed by browser, with Logto's semantics. */
export function createConnectorSessionStore(maxEntries = MAX_BROWSERS) {
  /** @type {ReturnType<typeof createBoundedMap<import('@logto/connector-kit').ConnectorSession>>} */
  const sessions = createBoundedMap(maxEntries);

  return {
    get size() {
      return sessions.size;
    },
    /** @param {string} browserId */
    forBrowser(browserId) {
      return {
        /** Logto replaces the stored session: it never merges. */
        setSession: async (/** @type {import('@logto/connector-kit').ConnectorSession} */ value) => {
          sessions.set(browserId, value);
        },
        /**
         * Logto deletes the session as it reads it, so a second read finds nothing. Nothing is
         * passed through as undefined, so that the connector's own "session missing" error shows.
         */
        getSession: async () => sessions.take(browserId),
      };
    },
  };
}

const UNAUTHORIZED_CODES = new Set([
  'social_auth_code_invalid',
  'social_invalid_access_token',
  'social_invalid_id_token',
  'authorization_failed',
]);

/**
 * How Logto reports what a connector threw. Like Logto, this checks `instanceof` against the
 * `@logto/connector-kit` the connector resolves, which is why the connector must not bundle it.
 * @param {unknown} error
 * @returns {{ isConnectorError: boolean, status: number }}
 */
export function classifyConnectorFailure(error) {
  if (!(error instanceof ConnectorError)) return { isConnectorError: false, status: 500 };
  return { isConnectorError: true, status: UNAUTHORIZED_CODES.has(error.code) ? 401 : 400 };
}

/** @template T @param {() => Promise<T>} run @returns {Promise<{ value: T, ms: number }>} */
async function timed(run) {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/**
 * @param {object} options
 * @param {import('@logto/connector-kit').CreateConnector<import('@logto/connector-kit').SocialConnector>} options.createConnector
 *   a connector package's default export
 * @param {Record<string, unknown>} options.config what the Admin Console would have saved
 * @param {string} options.redirectUri
 * @param {string} options.connectorId the id Logto gives the connector created from the factory
 */
export async function createLogtoHost({ createConnector, config, redirectUri, connectorId }) {
  const connector = await createConnector({ getConfig: async () => config });
  const connectorFactoryId = connector.metadata.id;
  const sessions = createConnectorSessionStore();
  /** @type {ReturnType<typeof createBoundedMap<{ authorizationUriMs: number }>>} */
  const interactions = createBoundedMap(MAX_BROWSERS);
  /** @type {ReturnType<typeof createBoundedMap<SignIn>>} */
  const signIns = createBoundedMap(MAX_BROWSERS);

  return {
    connector,
    sessions,

    /** @param {string} browserId @param {{ userAgent?: string }} request @returns {Promise<string>} */
    async startSignIn(browserId, { userAgent }) {
      const { value: authorizationUri, ms } = await timed(() =>
        connector.getAuthorizationUri(
          {
            state: randomId(),
            redirectUri,
            connectorId,
            connectorFactoryId,
            jti: randomId(),
            headers: { userAgent },
          },
          sessions.forBrowser(browserId).setSession
        )
      );
      interactions.set(browserId, { authorizationUriMs: ms });
      return authorizationUri;
    },

    /**
     * @param {string} browserId
     * @param {Record<string, string>} query the callback's query parameters, untouched
     * @returns {Promise<SignIn>}
     */
    async finishSignIn(browserId, query) {
      const started = interactions.take(browserId);
      const { value, ms } = await timed(() =>
        // Logto's sign-in page sends the callback's query back with the redirect URI added.
        connector.getTokenResponseAndUserInfo({ ...query, redirectUri }, sessions.forBrowser(browserId).getSession)
      );
      /** @type {SignIn} */
      const signIn = {
        userInfo: value.userInfo,
        tokenResponse: value.tokenResponse,
        requestedScope: String(config.scope ?? ''),
        timings: { authorizationUriMs: started?.authorizationUriMs, tokenAndUserInfoMs: ms },
        lastRefresh: undefined,
      };
      signIns.set(browserId, signIn);
      return signIn;
    },

    /** @param {string} browserId @returns {SignIn | undefined} */
    signInOf: (browserId) => signIns.get(browserId),

    /**
     * Calls `getAccessTokenByRefreshToken` with the stored refresh token.
     * @param {string} browserId
     * @returns {Promise<SignIn | undefined>} undefined when this browser has not signed in
     */
    async refreshTokens(browserId) {
      const signIn = signIns.get(browserId);
      if (!signIn) return undefined;
      const { value: fresh, ms } = await timed(() =>
        connector.getAccessTokenByRefreshToken(signIn.tokenResponse.refresh_token)
      );
      // Hugging Face may or may not rotate the refresh token; without a new one the old one stays valid.
      const tokenResponse = { ...fresh, refresh_token: fresh.refresh_token ?? signIn.tokenResponse.refresh_token };
      const refreshed = {
        ...signIn,
        tokenResponse,
        lastRefresh: { tokenResponse: fresh, ms, count: (signIn.lastRefresh?.count ?? 0) + 1 },
      };
      signIns.set(browserId, refreshed);
      return refreshed;
    },
  };
}
