/**
 * What the connector does on real sockets, loaded from lib/ as Logto loads it: how many
 * connections a sign-in opens, whether the warm-up connection survives a consent, how the deadline
 * frees a socket, and whether an egress proxy carries every request.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type * as Connector from '../src/index.js';
import {
  DEFAULT_CLIENT,
  startHuggingFaceProvider,
  type HuggingFaceProvider,
} from '../stand-in/index.js';
import { ensureFreshBuild, repository } from '../tooling/build-check.js';
import { createTestCertificate } from '../tooling/certificate.js';
import { createConnectorSessionStore } from '../tooling/logto-session.js';

type ConnectorModule = typeof Connector;

const redirectUri = 'http://localhost:3001/callback/hf';
const libUrl = new URL('../lib/index.js', import.meta.url).href;
let lib: ConnectorModule;
const cleanups: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  ensureFreshBuild();
  lib = (await import(libUrl)) as ConnectorModule;
}, 60_000);

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(async (cleanup) => cleanup()));
});

const sleep = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const startStandIn = async () => {
  const standIn = await startHuggingFaceProvider({ sendKeepAliveHint: false });
  cleanups.push(async () => standIn.close());

  return standIn;
};

const connectorFor = async (standIn: HuggingFaceProvider, scope: string, timeoutMs = 10_000) =>
  lib.createHuggingFaceConnector({ issuer: standIn.issuer, timeoutMs })({
    getConfig: () =>
      Promise.resolve({
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
        scope,
      }),
  });

/** The first sample user allows exactly what the authorization URL asks for. */
const consent = async (standIn: HuggingFaceProvider, authorizationUrl: URL) => {
  const query = Object.fromEntries(authorizationUrl.searchParams);

  return standIn.createAuthorizationCode({
    clientId: DEFAULT_CLIENT.clientId,
    redirectUri,
    scope: query.scope!,
    userSub: standIn.users[0]!.sub,
    codeChallenge: query.code_challenge,
    nonce: query.nonce,
  });
};

/** A sign-in as Logto drives it, with the user spending `consentMs` on Hugging Face. */
const signIn = async (standIn: HuggingFaceProvider, scope: string, consentMs: number) => {
  const session = createConnectorSessionStore();
  const url = new URL(
    await (
      await connectorFor(standIn, scope)
    ).getAuthorizationUri(
      {
        state: 'state-1',
        redirectUri,
        connectorId: 'hf',
        connectorFactoryId: 'hf',
        jti: 'jti',
        headers: {},
      },
      session.setSession
    )
  );
  const code = await consent(standIn, url);
  await sleep(consentMs);
  const before = { ...standIn.stats, requests: { ...standIn.stats.requests } };
  const profile = await (
    await connectorFor(standIn, scope)
  ).getUserInfo({ code, state: 'state-1', redirectUri }, session.getSession);

  return { profile, before, after: standIn.stats };
};

describe('connections of one sign-in', () => {
  it('token and userinfo share the connection the warm-up opened', async () => {
    const standIn = await startStandIn();

    const { profile, before, after } = await signIn(standIn, 'profile email', 100);

    expect(profile.id).toBe(standIn.users[0]!.sub);
    expect(before.connections).toBe(1);
    expect(after.connections).toBe(1);
    expect(after.requests).toMatchObject({
      '/.well-known/openid-configuration': 1,
      '/oauth/token': 1,
      '/oauth/userinfo': 1,
    });
  });

  it('keeps the warmed connection through a consent longer than Node’s 4 s default', async () => {
    const standIn = await startStandIn();

    const { after } = await signIn(standIn, 'profile', 5000);

    expect(after.connections).toBe(1);
  }, 15_000);

  it('with openid, the warm-up downloads the keys and the callback sends only the token request', async () => {
    const standIn = await startStandIn();

    const { profile, before, after } = await signIn(standIn, 'openid profile email', 100);

    expect(profile).toMatchObject({
      id: standIn.users[0]!.sub,
      email: expect.any(String) as string,
    });
    expect(before.requests['/oauth/jwks']).toBe(1);
    expect(after.requests['/oauth/token']).toBe(1);
    expect(after.requests['/oauth/userinfo']).toBeUndefined();
    expect(after.connections).toBe(1);
  });
});

describe('a warm-up against a Hugging Face that never answers', () => {
  it('closes its connection at the deadline and leaves the authorization URL undelayed', async () => {
    const sockets: Socket[] = [];
    const closed: boolean[] = [];
    const server: Server = createServer((socket) => {
      // Reading, so that the client's close is noticed; never answering.
      socket.resume();
      const index = sockets.push(socket) - 1;
      closed[index] = false;
      socket.on('close', () => (closed[index] = true));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => new Promise((resolve) => server.close(resolve)));
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const { port } = server.address() as { port: number };
    const connector = await lib.createHuggingFaceConnector({
      issuer: `http://127.0.0.1:${port}`,
      timeoutMs: 300,
    })({
      getConfig: () => Promise.resolve({ clientId: 'id', clientSecret: 'secret' }),
    });
    const started = performance.now();

    await connector.getAuthorizationUri(
      {
        state: 's',
        redirectUri,
        connectorId: 'hf',
        connectorFactoryId: 'hf',
        jti: 'j',
        headers: {},
      },
      () => Promise.resolve()
    );

    expect(performance.now() - started).toBeLessThan(100);
    await expect.poll(() => sockets.length).toBeGreaterThan(0);
    await expect.poll(() => closed[0], { timeout: 2000 }).toBe(true);
  });
});

const nodeWithEnvProxy = (() => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

  return major >= 24 || (major === 22 && minor >= 21);
})();

describe('an operator’s egress proxy (NODE_USE_ENV_PROXY, Node 22.21 and later)', () => {
  it.skipIf(!nodeWithEnvProxy)(
    'carries every request of a sign-in to huggingface.co through its CONNECT tunnel',
    async () => {
      const { ca, key, cert } = createTestCertificate(['huggingface.co']);
      const standIn = await startHuggingFaceProvider({
        tls: { key, cert },
        issuer: 'https://huggingface.co',
        sendKeepAliveHint: false,
      });
      cleanups.push(async () => standIn.close());
      const tunnels: string[] = [];
      const proxy = createServer((client) => {
        client.once('data', (head) => {
          const [, target = ''] = /^CONNECT (\S+) HTTP/.exec(head.toString('latin1')) ?? [];
          tunnels.push(target);
          const upstream = connect(standIn.port, '127.0.0.1', () => {
            client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
            upstream.pipe(client).pipe(upstream);
          });
          upstream.on('error', () => client.destroy());
          client.on('error', () => upstream.destroy());
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      cleanups.push(async () => new Promise((resolve) => proxy.close(resolve)));
      const directory = mkdtempSync(path.join(tmpdir(), 'egress-proxy-'));
      writeFileSync(path.join(directory, 'ca.pem'), ca);
      const child = spawn(
        process.execPath,
        [
          // Node's own notice that its proxy agent is experimental: noise in the test output.
          '--disable-warning=UNDICI-EHPA',
          '--input-type=module',
          '-e',
          childSignIn(libUrl, DEFAULT_CLIENT, redirectUri),
        ],
        {
          cwd: repository,
          env: {
            ...process.env,
            NODE_USE_ENV_PROXY: '1',
            HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`,
            NO_PROXY: '',
            NODE_EXTRA_CA_CERTS: path.join(directory, 'ca.pem'),
          },
          stdio: ['pipe', 'pipe', 'inherit'],
        }
      );
      cleanups.push(() => {
        child.kill();
      });
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const code = await consent(standIn, new URL((await lines.next()).value as string));
      child.stdin.end(`${code}\n`);
      const userId = (await lines.next()).value as string;

      expect(userId).toBe(standIn.users[0]!.sub);
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set(['huggingface.co:443']));
      expect(standIn.stats.connections).toBe(tunnels.length);
      expect(standIn.stats.requests).toMatchObject({ '/oauth/token': 1, '/oauth/userinfo': 1 });
    },
    20_000
  );
});

/** The child's side: a profile-only sign-in with the default export, as Logto runs it. */
const childSignIn = (lib: string, client: typeof DEFAULT_CLIENT, redirect: string) => `
  import { createInterface } from 'node:readline';
  const { default: createConnector } = await import(${JSON.stringify(lib)});
  const getConfig = async () => ({ clientId: ${JSON.stringify(client.clientId)}, clientSecret: ${JSON.stringify(client.clientSecret)}, scope: 'profile' });
  let stored;
  const connector = await createConnector({ getConfig });
  const url = await connector.getAuthorizationUri(
    { state: 's', redirectUri: ${JSON.stringify(redirect)}, connectorId: 'hf', connectorFactoryId: 'hf', jti: 'j', headers: {} },
    async (session) => { stored = session; }
  );
  console.log(url);
  const [code] = await Array.fromAsync(createInterface({ input: process.stdin }));
  const profile = await (await createConnector({ getConfig })).getUserInfo({ code, state: 's' }, async () => stored);
  console.log(profile.id);
`;
