/**
 * The part of Logto that drives a social connector, reduced to what the playground shows: a
 * connector session per browser, the tokens Logto keeps in its vault, refresh, and the Account
 * API's step-up (Logto passes the app's scope to getAuthorizationUri).
 */
import { setTimeout } from 'node:timers/promises';

import {
  ConnectorError,
  type CreateConnector,
  type SocialConnector,
  type SocialUserInfo,
  type TokenResponse,
} from '@logto/connector-kit';

import { type ConnectorSessionStore } from '../tooling/logto-session.js';

import { type ApiCall } from './your-app.js';

/** The connector warms a connection without waiting for it; this gives it time to count. */
const WARM_UP_SETTLE_MS = 50;

/** What the stand-in counts: requests by path and connections accepted. */
type Counters = { requests: Record<string, number>; connections: number };

/** One connector call: its wall time and, with the stand-in, what it sent to Hugging Face. */
export type Measure = { ms: number; sent: Counters | undefined };

export type StepName =
  'authorization' | 'callback' | 'refresh' | 'step-up-authorization' | 'step-up-callback';

/** What Logto's vault holds: the tokens of the newest of the sign-in, a refresh and a step-up. */
export type Vault = {
  tokens: TokenResponse;
  /** Where the tokens came from, as the page says it. */
  source: 'the sign-in' | 'the last refresh' | 'the step-up';
  /** The app's last call to Hugging Face with these tokens. */
  apiCall?: ApiCall;
};

export type SignIn = {
  userInfo: SocialUserInfo;
  /** The token response of the sign-in itself: refreshes and step-ups never change it. */
  signInTokens: TokenResponse;
  vault: Vault;
  timings: Partial<Record<StepName, Measure>>;
  refresh?: { tokenResponse: TokenResponse; count: number };
  /** `requestedScope` is what the app asked Logto for; `authorizationScope`, the connector's URL. */
  stepUp?: { requestedScope: string; authorizationScope?: string; tokenResponse: TokenResponse };
};

export type Browser = {
  session: ConnectorSessionStore;
  authorization?: { measure: Measure; stepUpScope?: string; authorizationScope?: string };
  signIn?: SignIn;
};

/** Logto answers 422 when a step-up comes back with another account than the linked one. */
class StepUpAccountMismatchError extends Error {}

const UNAUTHORIZED_CODES = new Set<string>([
  'social_auth_code_invalid',
  'social_invalid_access_token',
  'social_invalid_id_token',
  'authorization_failed',
]);

/**
 * The HTTP status Logto answers for what a connector threw. Like Logto, this checks `instanceof`
 * against the `@logto/connector-kit` the connector resolves, so the connector must not bundle it.
 */
export function logtoStatusOf(error: unknown): number {
  if (error instanceof StepUpAccountMismatchError) return 422;
  if (!(error instanceof ConnectorError)) return 500;
  return UNAUTHORIZED_CODES.has(error.code) ? 401 : 400;
}

/**
 * `config` is what the Admin Console would have saved; `counters` reads the stand-in's live
 * counters (undefined against real Hugging Face).
 */
export async function createLogtoHost(
  createConnector: CreateConnector<SocialConnector>,
  config: { scope: string },
  redirectUri: string,
  counters: (() => Counters) | undefined
) {
  const connector = await createConnector({ getConfig: () => Promise.resolve(config) });
  const { getTokenResponseAndUserInfo, getAccessTokenByRefreshToken } = connector;
  if (!getTokenResponseAndUserInfo || !getAccessTokenByRefreshToken) {
    throw new Error('The connector does not support token storage, which the playground shows.');
  }

  /** Runs a connector call; the stand-in's counters before and after tell what it sent. */
  async function measure<T>(call: () => Promise<T>): Promise<[T, Measure]> {
    const before = counters && structuredClone(counters());
    const started = performance.now();
    const value = await call();
    const ms = performance.now() - started;
    if (!before || !counters) return [value, { ms, sent: undefined }];
    await setTimeout(WARM_UP_SETTLE_MS);
    const after = counters();
    const requests = Object.entries(after.requests)
      .map(([path, count]) => [path, count - (before.requests[path] ?? 0)] as const)
      .filter(([, count]) => count > 0);
    const connections = after.connections - before.connections;
    return [value, { ms, sent: { requests: Object.fromEntries(requests), connections } }];
  }

  return {
    /** The sign-in page's button, or with `stepUpScope` the Account API's step-up. */
    async authorize(browser: Browser, stepUpScope?: string) {
      const [uri, timing] = await measure(() =>
        connector.getAuthorizationUri(
          {
            state: crypto.randomUUID(),
            redirectUri,
            connectorId: 'huggingface-playground',
            connectorFactoryId: connector.metadata.id,
            jti: crypto.randomUUID(),
            headers: {},
            ...(stepUpScope !== undefined && { scope: stepUpScope }),
          },
          browser.session.setSession
        )
      );
      const authorizationScope = new URL(uri).searchParams.get('scope') ?? undefined;
      browser.authorization = { measure: timing, stepUpScope, authorizationScope };
      return uri;
    },

    /**
     * The callback of a sign-in or a step-up, with the callback's query untouched. A step-up
     * replaces the tokens in the vault, like PUT /api/my-account/identities/…/access-token.
     */
    async finishAuthorization(browser: Browser, query: Record<string, string>) {
      const { authorization, signIn: previous } = browser;
      browser.authorization = undefined;
      // Logto's sign-in page sends the callback's query back with the redirect URI added.
      const [{ userInfo, tokenResponse = {} }, timing] = await measure(() =>
        getTokenResponseAndUserInfo({ ...query, redirectUri }, browser.session.getSession)
      );
      if (authorization?.stepUpScope === undefined || !previous) {
        browser.signIn = {
          userInfo,
          signInTokens: tokenResponse,
          vault: { tokens: tokenResponse, source: 'the sign-in' },
          timings: { authorization: authorization?.measure, callback: timing },
        };
        return 'sign-in';
      }
      if (userInfo.id !== previous.userInfo.id) {
        throw new StepUpAccountMismatchError(
          `The step-up signed in Hugging Face account ${userInfo.id}, but this identity is linked to ${previous.userInfo.id}. Logto answers 422: the same account must re-authorize.`
        );
      }
      const { stepUpScope: requestedScope, authorizationScope } = authorization;
      previous.stepUp = { requestedScope, authorizationScope, tokenResponse };
      previous.vault = { tokens: tokenResponse, source: 'the step-up' };
      previous.timings['step-up-authorization'] = authorization.measure;
      previous.timings['step-up-callback'] = timing;
      return 'step-up';
    },

    /** getAccessTokenByRefreshToken with the vault's refresh token; false without one. */
    async refreshTokens({ signIn }: Browser) {
      const refreshToken = signIn?.vault.tokens.refresh_token;
      if (!signIn || refreshToken === undefined) return false;
      const [fresh, timing] = await measure(() => getAccessTokenByRefreshToken(refreshToken));
      signIn.refresh = { tokenResponse: fresh, count: (signIn.refresh?.count ?? 0) + 1 };
      // Without a new refresh token, the old one stays valid.
      const tokens = { ...fresh, refresh_token: fresh.refresh_token ?? refreshToken };
      signIn.vault = { tokens, source: 'the last refresh' };
      signIn.timings.refresh = timing;
      return true;
    },
  };
}
