/**
 * Installs the packed tarball the way `logto connector add` does (npm pack + extract, no
 * `npm install`) into a throw-away Logto instance layout, then loads it with Logto's own loader,
 * as Logto releases with connector-kit 4.x and 5.x run it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as currentKit from '@logto/connector-kit';
import * as kit4 from 'connector-kit-4';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  connectorKits,
  corePackageSets,
  connectorKitVersion,
  createLogtoInstance,
  loadConnectorsLikeLogto as loadLikeLogto,
  logtoConnectorLoader,
  packForLogto as pack,
  repository,
  type ConnectorKitFolder,
  type LoadResult,
} from '../tooling/logto-instance.js';
import { createConnectorSessionStore } from '../tooling/logto-session.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'logto-instance-'));

/** A Logto instance whose core `node_modules` holds exactly the given packages. */
const createInstance = async (
  name: string,
  corePackages: readonly string[],
  tarballs: string[],
  connectorKit?: ConnectorKitFolder
) =>
  (await createLogtoInstance({ workspace, name, corePackages, tarballs, connectorKit })).packages;

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
      [
        'CHANGELOG.md',
        'LICENSE',
        'README.es.md',
        'README.md',
        'docs/guide.es.md',
        'docs/guide.md',
        'lib/index.d.ts',
        'lib/index.js',
        'logo.svg',
        'package.json',
      ].sort()
    );
  });

  it('imports nothing at run time but connector-kit, zod and Node built-ins', () => {
    const library = readFileSync(path.join(repository, 'lib/index.js'), 'utf8');
    const specifiers = [...library.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].map(
      ([, specifier]) => specifier!
    );

    expect(specifiers.length).toBeGreaterThan(0);
    expect(
      specifiers.filter((specifier) => !/^(node:|@logto\/connector-kit$|zod$)/.test(specifier))
    ).toEqual([]);
  });
});

const kits = [
  { kit: connectorKits.v4, module: kit4, releases: 'Logto 1.35 to 1.37' },
  { kit: connectorKits.current, module: currentKit, releases: 'current Logto releases' },
] as const;

for (const { kit, module, releases } of kits) {
  describe(`installed into a Logto whose core provides only zod and connector-kit ${connectorKitVersion(kit)} (as ${releases} do)`, () => {
    let loaded: LoadResult[];

    beforeAll(async () => {
      const packages = await createInstance(
        `minimal-${kit.replace('/', '-')}`,
        corePackageSets.minimal,
        [ourTarball.tarball],
        kit
      );
      loaded = await loadLikeLogto(packages, await logtoConnectorLoader(kit, workspace));
    });

    it('is discovered and loaded by Logto’s loader (version check on), with valid metadata', () => {
      const connector = loaded.find(({ name }) => name === ours);

      expect(connector).toMatchObject({ ok: true });
      if (!connector?.ok) return;

      expect(module.connectorMetadataGuard.safeParse(connector.metadata).success).toBe(true);
      expect(connector.metadata).toMatchObject({
        id: 'huggingface-oidc-universal',
        target: 'huggingface',
        isTokenStorageSupported: true,
      });
      expect(connector.metadata.logo).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(connector.metadata.logoDark).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(connector.metadata.readme).toContain('Hugging Face');
      expect(connector.metadata.readme).toContain('connector add');
    });

    it('completes a sign-in and a refresh through the loaded module, and its errors are that kit’s ConnectorError', async () => {
      const connector = loaded.find(({ name }) => name === ours);
      if (!connector?.ok) throw new Error('not loaded');

      const { getAuthorizationUri, getUserInfo, getAccessTokenByRefreshToken } =
        await connector.createConnector({
          getConfig: () =>
            Promise.resolve({
              clientId: 'client-id',
              clientSecret: 'client-secret',
              scope: 'profile email',
            }),
        });
      const { setSession, getSession } = createConnectorSessionStore();
      const startSignIn = async (state: string) =>
        new URL(
          await getAuthorizationUri(
            {
              state,
              redirectUri: 'https://logto.example/callback/hf',
              connectorId: 'c',
              connectorFactoryId: 'f',
              jti: 'j',
              headers: {},
            },
            setSession
          )
        );

      const authorizationUrl = await startSignIn('state-1');
      expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(
        'https://huggingface.co/oauth/authorize'
      );

      nock.disableNetConnect();
      nock('https://huggingface.co')
        .post('/oauth/token')
        .reply(200, {
          access_token: 'hf_oauth_token',
          token_type: 'bearer',
          expires_in: 28_800,
          scope: 'profile email',
          refresh_token: 'hf_refresh_1',
        })
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
        rawData: expect.objectContaining({ preferred_username: 'janedoe' }) as unknown,
      });

      nock('https://huggingface.co')
        .post(
          '/oauth/token',
          (body: Record<string, string>) =>
            body.grant_type === 'refresh_token' && body.refresh_token === 'hf_refresh_1'
        )
        .reply(200, {
          access_token: 'hf_oauth_token_2',
          token_type: 'bearer',
          expires_in: 28_800,
          refresh_token: 'hf_refresh_2',
        });
      await expect(getAccessTokenByRefreshToken?.('hf_refresh_1')).resolves.toMatchObject({
        access_token: 'hf_oauth_token_2',
        refresh_token: 'hf_refresh_2',
      });

      await startSignIn('state-2');
      nock('https://huggingface.co')
        .post('/oauth/token')
        .reply(400, { error: 'invalid_grant', error_description: 'Invalid code' });

      const failure = await getUserInfo({ code: 'used-code', state: 'state-2' }, getSession).catch(
        (error: unknown) => error
      );
      expect(failure).toBeInstanceOf(module.ConnectorError);
      expect(failure).toMatchObject({ code: module.ConnectorErrorCodes.SocialAuthCodeInvalid });
      expect(nock.isDone()).toBe(true);
    });
  });
}

describe('the declared @logto/connector-kit range', () => {
  const declared = (
    JSON.parse(readFileSync(path.join(repository, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    }
  ).dependencies['@logto/connector-kit']!;

  it('accepts the kit of every Logto release with token storage (1.30.0 and later), and refuses 1.29’s', () => {
    // The same semver copy Logto's CLI loader checks the range with.
    const { satisfies } = createRequire(
      path.join(repository, 'node_modules/@logto/cli/lib/connector/loader.js')
    )('semver') as { satisfies: (version: string, range: string) => boolean };
    // Logto core 1.30.x ships 4.4.0, 1.31 4.5.0, 1.32–1.34 4.6.0, 1.35–1.37 4.7.0, 1.38–1.39 5.0.0, 1.40 5.0.1, 1.41–1.42 5.1.0.
    const shipped = [
      '4.4.0',
      '4.5.0',
      '4.6.0',
      '4.7.0',
      '5.0.0',
      '5.0.1',
      '5.1.0',
      connectorKitVersion(connectorKits.current),
    ];

    expect(shipped.filter((version) => !satisfies(version, declared))).toEqual([]);
    expect(satisfies('4.3.0', declared)).toBe(false);
  });

  it('is what Logto’s loader checks: a 4.7.0 Logto skips a package that declares only ^5.1.0, with Logto’s own message', async () => {
    const installed = (
      await createInstance(
        'declares-5.1-only',
        corePackageSets.minimal,
        [ourTarball.tarball],
        connectorKits.v4
      )
    )[0]!;
    const manifest = path.join(installed.path, 'package.json');
    const packageJson = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies: Record<string, string>;
    };
    packageJson.dependencies['@logto/connector-kit'] = '^5.1.0';
    writeFileSync(manifest, JSON.stringify(packageJson));

    const [result] = await loadLikeLogto(
      [installed],
      await logtoConnectorLoader(connectorKits.v4, workspace)
    );

    expect(connectorKitVersion(connectorKits.v4)).toBe('4.7.0');
    expect(result).toEqual({
      name: ours,
      path: installed.path,
      ok: false,
      error: 'Connector requires @logto/connector-kit to be ^5.1.0, but the version here is 4.7.0.',
    });
  });

  it('pins the zod that Logto core provides (3.24.3 in Logto 1.30.1 to 1.42.0); the sign-ins above ran on it', () => {
    const manifest = (file: string) =>
      JSON.parse(readFileSync(path.join(repository, file), 'utf8')) as {
        version: string;
        dependencies: Record<string, string>;
      };

    expect([
      manifest('package.json').dependencies.zod,
      manifest('node_modules/zod/package.json').version,
    ]).toEqual(['3.24.3', '3.24.3']);
  });
});

describe('installed next to the official connector', () => {
  it('loads where the official one cannot: a core with ky and essentials but no connector-oauth (Logto issue #6461)', async () => {
    const packages = await createInstance(
      'core-without-connector-oauth',
      corePackageSets.withoutConnectorOauth,
      [ourTarball.tarball, officialTarball.tarball]
    );
    const loaded = await loadLikeLogto(packages);

    expect(loaded.find(({ name }) => name === ours)?.ok).toBe(true);
    expect(loaded.find(({ name }) => name === official)).toMatchObject({
      ok: false,
      error: expect.stringContaining("Cannot find package '@logto/connector-oauth'") as unknown,
    });
  });

  it('loads side by side in an official image (which links connector-oauth) with a distinct factory id and the same target', async () => {
    const packages = await createInstance('official-image', corePackageSets.officialImage, [
      ourTarball.tarball,
      officialTarball.tarball,
    ]);
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
