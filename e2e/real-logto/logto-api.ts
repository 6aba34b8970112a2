/**
 * What the Admin Console and the sign-in page call: the Management API (as a machine-to-machine
 * app), the OIDC endpoints an app uses, and the Experience API steps of a social sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';

import { createHttpClient, type HttpClient, type JsonAnswer } from './http-client.js';
import { logtoEndpoint } from './logto-host.js';

const appId = 'e2e-spa';
const appRedirectUri = 'http://localhost:3999/callback';
const managementResource = 'https://default.logto.app/api';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const expectStatus = (answer: JsonAnswer, status: number, what: string) => {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected HTTP ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`
    );
  }

  return answer.body as Record<string, unknown>;
};

export type ManagementApi = {
  get: (path: string) => Promise<JsonAnswer>;
  send: (method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<JsonAnswer>;
};

export const managementApi = async (http: HttpClient): Promise<ManagementApi> => {
  const token = expectStatus(
    await http.json(`${logtoEndpoint}/oidc/token`, {
      headers: { authorization: basic('e2e-m2m', 'e2e-m2m-secret') },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: managementResource,
        scope: 'all',
      }),
    }),
    200,
    'Management API token'
  );
  const headers = { authorization: `Bearer ${String(token.access_token)}` };

  return {
    get: (path) => http.json(`${logtoEndpoint}${path}`, { headers }),
    send: (method, path, body) => http.json(`${logtoEndpoint}${path}`, { method, headers, body }),
  };
};

/** One browser's sign-in to the app, from /oidc/auth to the app's tokens. */
export type SignIn = {
  http: HttpClient;
  /** `POST …/authorization-uri`: a connector session for this state. */
  authorizationUri: (
    state: string
  ) => Promise<{ verificationId: string; authorizationUri: string }>;
  /** Follows the authorization URL through the Hugging Face stand-in back to Logto's callback URL. */
  visitProvider: (authorizationUri: string) => Promise<URL>;
  verify: (verificationId: string, connectorData: Record<string, string>) => Promise<JsonAnswer>;
  /** Identifies (registering a new user when Logto does not know the identity), submits, consents and exchanges the code. */
  finish: (verificationId: string) => Promise<{ registered: boolean; accessToken: string }>;
};

export const connectorRedirectUri = (connectorId: string) =>
  `${logtoEndpoint}/callback/${connectorId}`;

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** `appScope` is what the app asks Logto for; from Logto 1.42 the Account API's token read needs `identities`. */
export const startSignIn = async (
  connectorId: string,
  ca: string,
  appScope: string
): Promise<SignIn> => {
  const http = createHttpClient({ ca });
  const verifier = base64url(randomBytes(32));
  const auth = new URL(`${logtoEndpoint}/oidc/auth`);
  auth.search = new URLSearchParams({
    client_id: appId,
    redirect_uri: appRedirectUri,
    response_type: 'code',
    scope: appScope,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state: base64url(randomBytes(8)),
    prompt: 'login',
  }).toString();
  const opened = await http.request(auth.href);
  await opened.body?.cancel();
  if (opened.status !== 303 && opened.status !== 302)
    throw new Error(`/oidc/auth answered ${opened.status}`);
  expectStatus(
    await http.json(`${logtoEndpoint}/api/experience`, {
      method: 'PUT',
      body: { interactionEvent: 'SignIn' },
    }),
    204,
    'PUT /api/experience'
  );

  const social = `${logtoEndpoint}/api/experience/verification/social/${connectorId}`;

  const followToApp = async (location: string): Promise<URL> => {
    const stop = (url: URL) => url.href.startsWith(appRedirectUri) || url.pathname === '/consent';
    const reached = await http.followUntil(location, stop);
    if (reached.pathname !== '/consent') return reached;
    const consent = expectStatus(
      await http.json(`${logtoEndpoint}/api/interaction/consent`, { method: 'POST', body: {} }),
      200,
      'POST /api/interaction/consent'
    );

    return http.followUntil(String(consent.redirectTo), (url) =>
      url.href.startsWith(appRedirectUri)
    );
  };

  return {
    http,
    async authorizationUri(state) {
      const body = expectStatus(
        await http.json(`${social}/authorization-uri`, {
          body: { state, redirectUri: connectorRedirectUri(connectorId) },
        }),
        200,
        'authorization-uri'
      );

      return {
        verificationId: String(body.verificationId),
        authorizationUri: String(body.authorizationUri),
      };
    },
    visitProvider: (authorizationUri) =>
      http.followUntil(authorizationUri, (url) =>
        url.href.startsWith(connectorRedirectUri(connectorId))
      ),
    verify: (verificationId, connectorData) =>
      http.json(`${social}/verify`, {
        body: {
          verificationId,
          connectorData: { redirectUri: connectorRedirectUri(connectorId), ...connectorData },
        },
      }),
    async finish(verificationId) {
      const identify = () =>
        http.json(`${logtoEndpoint}/api/experience/identification`, { body: { verificationId } });
      let identified = await identify();
      const registered = identified.status === 404;
      if (registered) {
        expectStatus(identified, 404, 'identification of a new identity');
        if ((identified.body as { code?: string }).code !== 'user.identity_not_exist') {
          throw new Error(`identification: ${JSON.stringify(identified.body)}`);
        }
        expectStatus(
          await http.json(`${logtoEndpoint}/api/experience/interaction-event`, {
            method: 'PUT',
            body: { interactionEvent: 'Register' },
          }),
          204,
          'switch to Register'
        );
        identified = await identify();
      }
      // Logto answers 201 when the identification creates the user, 204 otherwise.
      expectStatus(identified, registered ? 201 : 204, 'identification');
      const submitted = expectStatus(
        await http.json(`${logtoEndpoint}/api/experience/submit`, { method: 'POST' }),
        200,
        'submit'
      );
      const callback = await followToApp(String(submitted.redirectTo));
      const code = callback.searchParams.get('code');
      if (!code) throw new Error(`the app's callback has no code: ${callback.href}`);
      const tokens = expectStatus(
        await http.json(`${logtoEndpoint}/oidc/token`, {
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: appId,
            code,
            redirect_uri: appRedirectUri,
            code_verifier: verifier,
          }),
        }),
        200,
        'app token exchange'
      );

      return { registered, accessToken: String(tokens.access_token) };
    },
  };
};
