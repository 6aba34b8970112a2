/**
 * What the Admin Console, the sign-in page and Account Center call: the Management API (as a
 * machine-to-machine app), the Account API (as a signed-in user), and a browser's sign-in to an
 * app through Logto's OIDC endpoints and the Experience API.
 */
import { createHash, randomBytes } from 'node:crypto';

import {
  createCookieClient,
  type JsonAnswer,
  type RequestOptions,
} from '../../tooling/cookie-client.js';

import { logtoEndpoint } from './logto-host.js';

const appId = 'e2e-spa';
const appRedirectUri = 'http://localhost:3999/callback';
const atLogto = (url: URL) => url.origin === logtoEndpoint;
const atApp = (url: URL) => url.href.startsWith(appRedirectUri);

export type Body = Record<string, unknown>;

/** Where a connector sends the browser back to: Logto's sign-in and Account Center's linking. */
export const callbackUris = (connectorId: string) => ({
  signIn: `${logtoEndpoint}/callback/${connectorId}`,
  accountCenter: `${logtoEndpoint}/account/callback/social/${connectorId}`,
});

/** Logto's `/api`, as one browser or one bearer token calls it. */
export type Api = (path: string, options?: RequestOptions) => Promise<JsonAnswer>;

const apiOf =
  (http = createCookieClient(), headers: Record<string, string> = {}): Api =>
  async (path, { headers: more, ...options } = {}) =>
    http.json(`${logtoEndpoint}/api${path}`, { ...options, headers: { ...headers, ...more } });

/** With a Management API token, or a user's access token for the Account API. */
export const apiWith = (accessToken: string) =>
  apiOf(undefined, { authorization: `Bearer ${accessToken}` });

/** The answer's body; throws, naming the step, when its status is not `status`. */
export const expectStatus = (answer: JsonAnswer, status: number, step: string) => {
  if (answer.status === status) return (answer.body ?? {}) as Body;
  throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.body)}, not ${status}`);
};

/** Sends `request` ("POST /users") with `body`; returns the answer's body (see expectStatus). */
export const send = async (api: Api, request: string, body?: unknown, status = 200) => {
  const [method, path = ''] = request.split(' ');
  return expectStatus(await api(path, { method, body }), status, request);
};

const tokenRequest = async (form: Record<string, string>, headers?: Record<string, string>) => {
  const request = { body: new URLSearchParams(form), headers };
  const answer = await createCookieClient().json(`${logtoEndpoint}/oidc/token`, request);
  return String(expectStatus(answer, 200, form.grant_type ?? '').access_token);
};

export const managementApi = async () => {
  const m2m = { authorization: `Basic ${btoa('e2e-m2m:e2e-m2m-secret')}` };
  const resource = 'https://default.logto.app/api';
  const form = { grant_type: 'client_credentials', resource, scope: 'all' };
  return apiWith(await tokenRequest(form, m2m));
};

/**
 * A browser opening the app's sign-in (`appScope` is what the app asks Logto for) up to Logto's
 * Experience API, with the steps of a social sign-in and the way back to the app.
 */
export const startSignIn = async (appScope: string) => {
  const http = createCookieClient();
  const api = apiOf(http);
  const verifier = randomBytes(32).toString('base64url');
  const authorization = new URLSearchParams({
    client_id: appId,
    redirect_uri: appRedirectUri,
    response_type: 'code',
    scope: appScope,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('base64url'),
    prompt: 'login',
  });
  await http.followUntil(`${logtoEndpoint}/oidc/auth?${authorization}`, () => true);
  await send(api, 'PUT /experience', { interactionEvent: 'SignIn' }, 204);
  /** Follows an authorization URL through Hugging Face back to Logto; returns the callback's query. */
  const visitProvider = async (authorizationUri: unknown) => {
    const back = await http.followUntil(String(authorizationUri), atLogto);
    return Object.fromEntries(back.searchParams);
  };

  return {
    http,
    api,
    visitProvider,
    /**
     * A social sign-in up to Logto's callback: the Experience API's authorization URI for `state`
     * (a connector session), then Hugging Face; `verify` sends Logto a callback query.
     */
    async socialSignIn(connectorId: string, state: string) {
      const redirectUri = callbackUris(connectorId).signIn;
      const social = `/experience/verification/social/${connectorId}`;
      const body = await send(api, `POST ${social}/authorization-uri`, { state, redirectUri });
      const verificationId = String(body.verificationId);
      const verify = async (query: Body) => {
        const connectorData = { redirectUri, ...query };
        return api(`${social}/verify`, { body: { verificationId, connectorData } });
      };
      return { verificationId, query: await visitProvider(body.authorizationUri), verify };
    },
    /** Identifies (registering the user when Logto does not know the identity), submits, consents and exchanges the code. */
    async finish(verificationId: string) {
      const identify = async () => api('/experience/identification', { body: { verificationId } });
      let identified = await identify();
      const registered =
        identified.status === 404 && (identified.body as Body).code === 'user.identity_not_exist';
      if (registered) {
        await send(api, 'PUT /experience/interaction-event', { interactionEvent: 'Register' }, 204);
        identified = await identify();
      }
      // Logto answers 201 when the identification creates the user, 204 otherwise.
      expectStatus(identified, registered ? 201 : 204, 'identification');
      const { redirectTo } = await send(api, 'POST /experience/submit');
      // Logto's consent page, which the sign-in page confirms, then the app's callback.
      await http.followUntil(String(redirectTo), (url) => url.pathname === '/consent');
      const consent = await send(api, 'POST /interaction/consent', {});
      const callback = await http.followUntil(String(consent.redirectTo), atApp);
      const accessToken = await tokenRequest({
        grant_type: 'authorization_code',
        client_id: appId,
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: appRedirectUri,
        code_verifier: verifier,
      });
      return { registered, accessToken };
    },
  };
};
