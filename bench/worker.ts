/**
 * One measured process: a Logto with one connector loaded the way Logto loads it (or the floor),
 * driven over IPC through the two halves of a sign-in. It finds huggingface.co by name and trusts
 * the stand-in through NODE_EXTRA_CA_CERTS, like any Node process would.
 */
import { once } from 'node:events';
import { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { text } from 'node:stream/consumers';

import { loadConnectorsLikeLogto } from '../tooling/logto-instance.js';
import { createConnectorSessionStore } from '../tooling/logto-session.js';

export type WorkerTask = {
  /** The installed connector; none for the floor. */
  packagePath?: string;
  scope: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
};
export type WorkerRequest =
  { type: 'authorize' } | { type: 'settled' } | { type: 'callback'; code: string };
export type CallbackFigures = {
  /** The callback as Logto runs it: a new connector, then getUserInfo. */
  wallMs: number;
  /** CPU in the authorization request and what it started (until `settled`), and the callback. */
  cpuMicros: number;
  rssBytes: number;
  userId: string;
};
export type WorkerReply = { ready: true } | { url: string } | CallbackFigures | { error: string };

// Gone with the benchmark, even while still loading.
process.on('disconnect', () => process.exit(0));
const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
const { clientId, clientSecret, scope, redirectUri } = task;

const connectorSteps = async (packagePath: string) => {
  const [loaded] = await loadConnectorsLikeLogto([{ path: packagePath }]);
  if (!loaded?.ok) throw new Error(`Logto's loader refused ${packagePath}: ${loaded?.error}`);
  const getConfig = () => Promise.resolve({ clientId, clientSecret, scope });
  const { setSession, getSession } = createConnectorSessionStore();
  const ids = { connectorId: 'huggingface', connectorFactoryId: 'huggingface', headers: {} };

  return {
    authorize: async (state: string) => {
      const connector = await loaded.createConnector({ getConfig });
      return connector.getAuthorizationUri({ state, redirectUri, jti: state, ...ids }, setSession);
    },
    // Logto calls getUserInfo unless the operator turns token storage on.
    callback: async (code: string, state: string) => {
      const connector = await loaded.createConnector({ getConfig });
      return (await connector.getUserInfo({ code, state, redirectUri }, getSession)).id;
    },
  };
};

/** The least a sign-in needs: the code exchange alone, on a connection opened during consent. */
const floorSteps = () => {
  const agent = new https.Agent({ keepAlive: true });
  const send = async (path: string, headers?: Record<string, string>, body?: string) => {
    const options = { method: body ? 'POST' : 'GET', agent, headers };
    const request = https.request(`https://huggingface.co${path}`, options).end(body);
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    const answer = await text(response);
    if (response.statusCode !== 200) throw new Error(`${path} answered ${answer}`);
    return answer;
  };
  const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const headers = { authorization, 'content-type': 'application/x-www-form-urlencoded' };
  const grant = { grant_type: 'authorization_code', redirect_uri: redirectUri };

  return {
    authorize: async (state: string) => {
      await send('/.well-known/openid-configuration');
      const query = { client_id: clientId, redirect_uri: redirectUri, scope, state };
      return `https://huggingface.co/oauth/authorize?${new URLSearchParams(query)}&response_type=code`;
    },
    callback: async (code: string) => {
      const form = new URLSearchParams({ ...grant, code }).toString();
      const answer = JSON.parse(await send('/oauth/token', headers, form)) as { id_token: string };
      // Read, not verified: only so that the user is checked as for the connectors.
      const [, claims = ''] = answer.id_token.split('.');
      return (JSON.parse(Buffer.from(claims, 'base64url').toString()) as { sub: string }).sub;
    },
  };
};

const steps = task.packagePath ? await connectorSteps(task.packagePath) : floorSteps();
const reply = (message: WorkerReply) => process.send?.(message);
const micros = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return user + system;
};
let signIn = { state: '', cpu: process.cpuUsage(), cpuMicros: 0 };
let count = 0;

const handle = async (request: WorkerRequest): Promise<WorkerReply> => {
  if (request.type === 'authorize') {
    signIn = { state: `state-${(count += 1)}`, cpu: process.cpuUsage(), cpuMicros: 0 };
    return { url: await steps.authorize(signIn.state) };
  }
  if (request.type === 'settled') {
    signIn.cpuMicros = micros(signIn.cpu);
    return { ready: true };
  }
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const userId = await steps.callback(request.code, signIn.state);
  const wallMs = performance.now() - started;
  const cpuMicros = signIn.cpuMicros + micros(cpu);
  return { wallMs, cpuMicros, rssBytes: process.memoryUsage.rss(), userId };
};

process.on('message', (request: WorkerRequest) => {
  handle(request).then(reply, (error: unknown) =>
    reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  );
});
reply({ ready: true });
