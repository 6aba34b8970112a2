/**
 * One scenario: every contender signs in N times, each contender in its own process, all against
 * the one stand-in behind the latency proxy. One process at a time talks to huggingface.co (the
 * network window), so the new connections and requests counted during a callback are its own.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import type { HuggingFaceProvider } from '../stand-in/index.js';

import { contenders } from './contenders.js';
import type { LatencyProxy } from './latency-proxy.js';
import type { Scenario } from './options.js';
import type { CallbackFigures } from './worker.js';
import { startWorker, type SignInWorker } from './worker-process.js';

export type SignInFigures = CallbackFigures & {
  /** Consent as waited: from the authorization code to the start of the callback. */
  consentMs: number;
  newConnections: number;
  /** Requests the stand-in received during the callback, by path. */
  requests: Record<string, number>;
};

export type BenchSetup = {
  standIn: HuggingFaceProvider;
  proxy: LatencyProxy;
  caFile: string;
  packages: Record<string, string>;
  rttMs: number;
  signIns: number;
  log: (message: string) => void;
};

const redirectUri = 'http://localhost:3001/callback/huggingface';

export const runScenario = async (scenario: Scenario, setup: BenchSetup) => {
  const { standIn, proxy, caFile, packages, rttMs, signIns, log } = setup;
  const [user, client] = [standIn.users[0]!, standIn.clients[0]!];
  const { clientId, clientSecret } = client;
  const clientTask = { clientId, clientSecret: clientSecret ?? '', redirectUri };
  let windows: Promise<unknown> = Promise.resolve();
  const inWindow = <T>(task: () => Promise<T>) => {
    const result = windows.then(task);
    windows = result.catch(() => undefined);
    return result;
  };
  // A window closes once no byte has moved for two round trips: what a connector starts without
  // awaiting it (a connection, a key set) is done by then.
  const settle = async () => {
    do await sleep(rttMs);
    while (proxy.quietMs() < 2 * rttMs);
  };

  const signIn = async (worker: SignInWorker, consentMs: number): Promise<SignInFigures> => {
    const url = await inWindow(async () => {
      const authorizationUrl = await worker.authorize();
      await settle();
      await worker.settled();
      return authorizationUrl;
    });
    // The user consents on Hugging Face to exactly what the authorization URL asks.
    const query = new URL(url).searchParams;
    const code = await standIn.createAuthorizationCode({
      clientId: query.get('client_id') ?? '',
      redirectUri: query.get('redirect_uri') ?? '',
      scope: query.get('scope') ?? '',
      userSub: user.sub,
      codeChallenge: query.get('code_challenge') ?? undefined,
      nonce: query.get('nonce') ?? undefined,
      orgIds: query.get('orgIds')?.split(','),
    });
    const consentStarted = performance.now();
    await sleep(consentMs);

    return inWindow(async () => {
      const [waited, connections] = [performance.now() - consentStarted, proxy.connections()];
      standIn.resetStats();
      const figures = await worker.callback(code);
      if (figures.userId !== user.sub) throw new Error(`Signed in "${figures.userId}"`);
      const requests = { ...standIn.stats.requests };
      const newConnections = proxy.connections() - connections;
      await settle();
      return { ...figures, consentMs: waited, newConnections, requests };
    });
  };

  const startWorkers = () =>
    Promise.all(
      contenders.map(({ packageName, scope, label }) => {
        const packagePath = packageName && packages[packageName];
        return startWorker({ ...clientTask, packagePath, scope }, caFile, label);
      })
    );
  const figures = new Map(contenders.map(({ name }) => [name, [] as SignInFigures[]]));
  let workers: SignInWorker[] = [];
  if (!scenario.freshProcess) {
    workers = await startWorkers();
    log(`${scenario.name}: one sign-in each to warm up (key set cached, code loaded)`);
    await Promise.all(workers.map(async (worker) => signIn(worker, 0)));
  }
  for (let round = 1; round <= signIns; round += 1) {
    if (scenario.freshProcess) workers = await startWorkers();
    log(`${scenario.name}: sign-in ${round} of ${signIns}`);
    // Each sign-in starts with no open connection, as after a quiet minute; the wait lets every
    // client see its connections close before it picks one for a request.
    proxy.closeConnections();
    await sleep(200);
    // A different contender goes first in each round.
    const order = contenders.map((_, index) => (index + round) % contenders.length);
    await Promise.all(
      order.map(async (index) => {
        const signInFigures = await signIn(workers[index]!, scenario.consentMs);
        figures.get(contenders[index]!.name)!.push(signInFigures);
      })
    );
    if (scenario.freshProcess) workers.splice(0).forEach((worker) => worker.stop());
  }
  workers.forEach((worker) => worker.stop());
  return { scenario, figures };
};

export type ScenarioResult = Awaited<ReturnType<typeof runScenario>>;
