/**
 * The part of Logto core that drives a social connector, reduced to what the playground needs:
 * one connector session per browser, the token response Logto keeps in its vault, and the
 * Account API's step-up re-authorization (Logto passes a scope to getAuthorizationUri).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import {
  ConnectorError,
  type ConnectorSession,
  type CreateConnector,
  type SocialConnector,
  type SocialUserInfo,
  type TokenResponse,
} from '@logto/connector-kit';

import { createBoundedMap } from './bounded-map.js';

const MAX_BROWSERS = 1_000;

const randomId = () => randomBytes(18).toString('base64url');

export type Refresh = { tokenResponse: TokenResponse; ms: number; count: number };

export type StepUp = {
  /** The scope the app asked Logto for (POST /api/verifications/social). */
  requestedScope: string;
  /** The scope parameter of the authorization URL the connector built. */
  authorizationScope: string | undefined;
  tokenResponse: TokenResponse;
  authorizationUriMs: number | undefined;
  tokenAndUserInfoMs: number;
};

export type VaultSource = 'sign-in' | 'refresh' | 'step-up';

/** What Logto knows about a browser's last sign-in. */
export type SignIn = {
  userInfo: SocialUserInfo;
  /** The token response of the sign-in itself: refreshes and step-ups never change it. */
  signInTokens: TokenResponse;
  /** What Logto's vault holds now: the newest of the sign-in, a refresh and a step-up. */
  vaultTokens: TokenResponse;
  vaultSource: VaultSource;
  configuredScope: string;
  timings: { authorizationUriMs: number | undefined; tokenAndUserInfoMs: number };
  lastRefresh: Refresh | undefined;
  stepUp: StepUp | undefined;
};

/** Logto answers 422 when a step-up comes back with another account than the linked one. */
export class StepUpAccountMismatchError extends Error {
  constructor(
    readonly expectedId: string,
    readonly actualId: string
  ) {
    super(
      `The step-up signed in Hugging Face account ${actualId}, but this identity is linked to ${expectedId}. Logto answers 422: the same account must re-authorize.`
    );
    this.name = 'StepUpAccountMismatchError';
  }
}

/** Connector sessions keyed by browser, with Logto's semantics. */
export function createConnectorSessionStore(maxEntries = MAX_BROWSERS) {
  const sessions = createBoundedMap<ConnectorSession>(maxEntries);

  return {
    get size() {
      return sessions.size;
    },
    forBrowser(browserId: string) {
      return {
        /** Logto replaces the stored session: it never merges. */
        setSession: (value: ConnectorSession): Promise<void> => {
          sessions.set(browserId, value);
          return Promise.resolve();
        },
        /**
         * Logto deletes the session as it reads it, so a second read finds nothing. Nothing is
         * passed on as undefined, so that the connector's own "session missing" error shows.
         */
        getSession: () => Promise.resolve(sessions.take(browserId) as ConnectorSession),
      };
    },
  };
}

const UNAUTHORIZED_CODES = new Set<string>([
  'social_auth_code_invalid',
  'social_invalid_access_token',
  'social_invalid_id_token',
  'authorization_failed',
]);

/**
 * How Logto reports what a connector threw. Like Logto, this checks `instanceof` against the
 * `@logto/connector-kit` the connector resolves, which is why the connector must not bundle it.
 */
export function classifyConnectorFailure(error: unknown): {
  isConnectorError: boolean;
  status: number;
} {
  if (!(error instanceof ConnectorError)) return { isConnectorError: false, status: 500 };
  return { isConnectorError: true, status: UNAUTHORIZED_CODES.has(error.code) ? 401 : 400 };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

type Interaction = {
  authorizationUriMs: number;
  /** Set for a step-up: the scope the app asked for. */
  stepUpScope: string | undefined;
  authorizationScope: string | undefined;
};

export type HostOptions = {
  /** A connector package's default export. */
  createConnector: CreateConnector<SocialConnector>;
  /** What the Admin Console would have saved. */
  config: Record<string, unknown>;
  redirectUri: string;
  /** The id Logto gives the connector created from the factory. */
  connectorId: string;
};

export type LogtoHost = Awaited<ReturnType<typeof createLogtoHost>>;

export async function createLogtoHost({
  createConnector,
  config,
  redirectUri,
  connectorId,
}: HostOptions) {
  const connector = await createConnector({ getConfig: () => Promise.resolve(config) });
  const { getTokenResponseAndUserInfo, getAccessTokenByRefreshToken } = connector;
  if (!getTokenResponseAndUserInfo || !getAccessTokenByRefreshToken) {
    throw new Error('The connector does not support token storage, which the playground shows.');
  }
  const connectorFactoryId = connector.metadata.id;
  const configuredScope = typeof config.scope === 'string' ? config.scope : '';
  const sessions = createConnectorSessionStore();
  const interactions = createBoundedMap<Interaction>(MAX_BROWSERS);
  const signIns = createBoundedMap<SignIn>(MAX_BROWSERS);

  async function authorize(browserId: string, userAgent: string | undefined, scope?: string) {
    const { value: authorizationUri, ms } = await timed(() =>
      connector.getAuthorizationUri(
        {
          state: randomId(),
          redirectUri,
          connectorId,
          connectorFactoryId,
          jti: randomId(),
          headers: { userAgent },
          ...(scope !== undefined && { scope }),
        },
        sessions.forBrowser(browserId).setSession
      )
    );
    interactions.set(browserId, {
      authorizationUriMs: ms,
      stepUpScope: scope,
      authorizationScope: new URL(authorizationUri).searchParams.get('scope') ?? undefined,
    });
    return authorizationUri;
  }

  return {
    connector,
    sessions,

    /** The sign-in page's "Sign in with Hugging Face": resolves to the authorization URL. */
    startSignIn: (browserId: string, { userAgent }: { userAgent?: string }) =>
      authorize(browserId, userAgent),

    /**
     * The Account API's step-up (POST /api/verifications/social with a scope): Logto passes the
     * app's scope to getAuthorizationUri. Resolves to undefined when this browser has not signed in.
     */
    async startStepUp(
      browserId: string,
      { userAgent, scope }: { userAgent?: string; scope: string }
    ): Promise<string | undefined> {
      if (!signIns.get(browserId)) return undefined;
      return authorize(browserId, userAgent, scope);
    },

    /**
     * The callback of a sign-in or a step-up. `query` is the callback's query, untouched.
     * A step-up replaces the tokens in the vault, like PUT /api/my-account/identities/…/access-token.
     */
    async finishAuthorization(
      browserId: string,
      query: Record<string, string>
    ): Promise<{ kind: 'sign-in' | 'step-up'; signIn: SignIn }> {
      const interaction = interactions.take(browserId);
      const { value, ms } = await timed(() =>
        // Logto's sign-in page sends the callback's query back with the redirect URI added.
        getTokenResponseAndUserInfo(
          { ...query, redirectUri },
          sessions.forBrowser(browserId).getSession
        )
      );
      const tokenResponse = value.tokenResponse ?? {};
      const previous = signIns.get(browserId);

      if (interaction?.stepUpScope !== undefined && previous) {
        if (value.userInfo.id !== previous.userInfo.id) {
          throw new StepUpAccountMismatchError(previous.userInfo.id, value.userInfo.id);
        }
        const signIn: SignIn = {
          ...previous,
          vaultTokens: tokenResponse,
          vaultSource: 'step-up',
          stepUp: {
            requestedScope: interaction.stepUpScope,
            authorizationScope: interaction.authorizationScope,
            tokenResponse,
            authorizationUriMs: interaction.authorizationUriMs,
            tokenAndUserInfoMs: ms,
          },
        };
        signIns.set(browserId, signIn);
        return { kind: 'step-up', signIn };
      }

      const signIn: SignIn = {
        userInfo: value.userInfo,
        signInTokens: tokenResponse,
        vaultTokens: tokenResponse,
        vaultSource: 'sign-in',
        configuredScope,
        timings: { authorizationUriMs: interaction?.authorizationUriMs, tokenAndUserInfoMs: ms },
        lastRefresh: undefined,
        stepUp: undefined,
      };
      signIns.set(browserId, signIn);
      return { kind: 'sign-in', signIn };
    },

    signInOf: (browserId: string): SignIn | undefined => signIns.get(browserId),

    /**
     * Calls getAccessTokenByRefreshToken with the refresh token in the vault. Resolves to
     * undefined when this browser has not signed in.
     */
    async refreshTokens(browserId: string): Promise<SignIn | undefined> {
      const signIn = signIns.get(browserId);
      const refreshToken = signIn?.vaultTokens.refresh_token;
      if (!signIn || refreshToken === undefined) return undefined;
      const { value: fresh, ms } = await timed(() => getAccessTokenByRefreshToken(refreshToken));
      // Hugging Face may or may not rotate the refresh token; without a new one the old one stays valid.
      const refreshed: SignIn = {
        ...signIn,
        vaultTokens: { ...fresh, refresh_token: fresh.refresh_token ?? refreshToken },
        vaultSource: 'refresh',
        lastRefresh: { tokenResponse: fresh, ms, count: (signIn.lastRefresh?.count ?? 0) + 1 },
      };
      signIns.set(browserId, refreshed);
      return refreshed;
    },
  };
}
