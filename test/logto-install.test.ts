/**
 * Installs the packed tarball the way `logto connector add` does (npm pack + extract, no
 * `npm install`) into a throw-away Logto instance layout, then loads it with Logto's own loader.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  ConnectorError,
  ConnectorErrorCodes,
  connectorMetadataGuard,
  type ConnectorSession,
} from '@logto/connector-kit';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createLogtoInstance,
  loadConnectorsLikeLogto as loadLikeLogto,
  packForLogto as pack,
  repository,
  type LoadResult,
} from '../tooling/logto-instance.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'logto-instance-'));

/** A Logto instance whose core `node_modules` holds exactly the given packages. */
const createInstance = async (name: string, corePackages: string[], tarballs: string[]) =>
  (await createLogtoInstance({ workspace, name, corePackages, tarballs })).packages;

const ours = 'connector-huggingface';
const official = '@logto/connector-huggingface';
let ourTarball: ReturnType<typeof pack>;
let officialTarball: ReturnType<typeof pack>;

beforeAll(() => {
  const tarballs = path.join(workspace, 'tarballs');
  mkdirSync(tarballs);
  ourTarball = pack(repository, tarballs);
  officialTarball = pack(path.join(repository, 'node_modules', official), tarballs);
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('the npm tarball', () => {
  it('ships only the built library, the logo, the docs and the license', () => {
    const files = ourTarball.files.map(({ path: file }) => file).sort();

    expect(files).toEqual(
      ['CHANGELOG.md', 'LICENSE', 'README.es.md', 'README.md', 'lib/index.d.ts', 'lib/index.js', 'logo.svg', 'package.json'].sort()
    );
  });

  it('imports nothing at run time but connector-kit, zod and Node built-ins', () => {
    const library = readFileSync(path.join(repository, 'lib/index.js'), 'utf8');
    const specifiers = [...library.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].map(
      ([, specifier]) => specifier!
    );

    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((specifier) => !/^(node:|@logto\/connector-kit$|zod$)/.test(specifier))).toEqual([]);
  });
});

describe('installed into a Logto instance whose core provides only connector-kit and zod', () => {
  let loaded: LoadResult[];

  beforeAll(async () => {
    const packages = await createInstance('minimal', ['@logto/connector-kit', 'zod'], [ourTarball.tarball]);
    loaded = await loadLikeLogto(packages);
  });

  it('is discovered and loaded by Logto’s loader, with valid metadata', () => {
    const connector = loaded.find(({ name }) => name === ours);

    expect(connector?.ok).toBe(true);
    if (!connector?.ok) return;

    expect(connectorMetadataGuard.safeParse(connector.metadata).success).toBe(true);
    expect(connector.metadata.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(connector.metadata.logoDark).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(connector.metadata.readme).toContain('Hugging Face');
    expect(connector.metadata.readme).toContain('connector add');
  });

  it('completes a sign-in through the loaded module, and its errors are Logto’s ConnectorError', async () => {
    const connector = loaded.find(({ name }) => name === ours);
    if (!connector?.ok) throw new Error('not loaded');

    const { getAuthorizationUri, getUserInfo } = await connector.createConnector({
      getConfig: async () => ({ clientId: 'client-id', clientSecret: 'client-secret', scope: 'profile email' }),
    });
    let stored: ConnectorSession | undefined;
    const setSession = async (session: ConnectorSession) => {
      stored = session;
    };
    const getSession = async () => {
      const session = stored ?? {};
      stored = undefined;
      return session;
    };

    const authorizationUrl = new URL(
      await getAuthorizationUri(
        { state: 'state-1', redirectUri: 'https://logto.example/callback/hf', connectorId: 'c', connectorFactoryId: 'f', jti: 'j', headers: {} },
        setSession
      )
    );
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe('https://huggingface.co/oauth/authorize');

    nock.disableNetConnect();
    nock('https://huggingface.co')
      .post('/oauth/token')
      .reply(200, { access_token: 'hf_oauth_token', token_type: 'bearer', expires_in: 28_800, scope: 'profile email' })
      .get('/oauth/userinfo')
      .reply(200, {
        sub: '62f264b9f3c90f4b6514a269',
        name: 'Jane Doe',
        preferred_username: 'janedoe',
        email: 'jane@example.com',
        email_verified: true,
        picture: 'https://cdn-avatars.huggingface.co/jane.png',
      });

    await expect(getUserInfo({ code: 'code-1', state: 'state-1' }, getSession)).resolves.toEqual({
      id: '62f264b9f3c90f4b6514a269',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatar: 'https://cdn-avatars.huggingface.co/jane.png',
      rawData: expect.objectContaining({ preferred_username: 'janedoe' }),
    });

    await getAuthorizationUri(
      { state: 'state-2', redirectUri: 'https://logto.example/callback/hf', connectorId: 'c', connectorFactoryId: 'f', jti: 'j', headers: {} },
      setSession
    );
    nock('https://huggingface.co').post('/oauth/token').reply(400, { error: 'invalid_grant', error_description: 'Invalid code' });

    const failure = await getUserInfo({ code: 'used-code', state: 'state-2' }, getSession).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ code: ConnectorErrorCodes.SocialAuthCodeInvalid });
    expect(nock.isDone()).toBe(true);
  });
});

describe('installed next to the official connector', () => {
  it('loads where the official one cannot: a core with ky and essentials but no connector-oauth (Logto issue #6461)', async () => {
    const packages = await createInstance(
      'core-without-connector-oauth',
      ['@logto/connector-kit', 'zod', 'ky', '@silverhand/essentials'],
      [ourTarball.tarball, officialTarball.tarball]
    );
    const loaded = await loadLikeLogto(packages);

    expect(loaded.find(({ name }) => name === ours)?.ok).toBe(true);
    expect(loaded.find(({ name }) => name === official)).toMatchObject({
      ok: false,
      error: expect.stringContaining("Cannot find package '@logto/connector-oauth'"),
    });
  });

  it('loads side by side in an official image (which links connector-oauth) with a distinct factory id and the same target', async () => {
    const packages = await createInstance(
      'official-image',
      ['@logto/connector-kit', 'zod', 'ky', '@silverhand/essentials', '@logto/connector-oauth'],
      [ourTarball.tarball, officialTarball.tarball]
    );
    const loaded = await loadLikeLogto(packages);
    const metadata = loaded.map((result) => (result.ok ? result.metadata : result.error));

    expect(loaded.map(({ name }) => name).sort()).toEqual([official, ours].sort());
    expect(loaded.every(({ ok }) => ok)).toBe(true);
    const ids = metadata.map((entry) => (typeof entry === 'string' ? entry : entry.id));
    expect(new Set(ids).size).toBe(2);
    expect(metadata.map((entry) => (typeof entry === 'string' ? entry : entry.target))).toEqual([
      'huggingface',
      'huggingface',
    ]);
  });
});
