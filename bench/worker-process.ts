/** Starts a measured process (worker.ts) and asks it for one step of a sign-in at a time. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import type { CallbackFigures, WorkerReply, WorkerRequest, WorkerTask } from './worker.js';

export const startWorker = async (task: WorkerTask, caFile: string, label: string) => {
  const child = fork(fileURLToPath(new URL('worker.ts', import.meta.url)), [JSON.stringify(task)], {
    execArgv: process.execArgv, // tsx's loader
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    stdio: ['ignore', 2, 2, 'ipc'], // stdout is kept for the tables
  });
  // A measured process that dies leaves nothing worth finishing; the exit handlers clean up.
  child.on('exit', (code, signal) => {
    process.stderr.write(`[bench] failed: the process of "${label}" ended (${signal ?? code})\n`);
    process.exit(1);
  });
  const ask = async (request?: WorkerRequest) => {
    if (request) child.send(request);
    const [reply] = (await once(child, 'message')) as [WorkerReply];
    if ('error' in reply) throw new Error(`${label}: ${reply.error}`);
    return reply;
  };
  await ask();

  return {
    authorize: async () => ((await ask({ type: 'authorize' })) as { url: string }).url,
    settled: async () => ask({ type: 'settled' }),
    callback: async (code: string) => (await ask({ type: 'callback', code })) as CallbackFigures,
    stop: () => child.removeAllListeners('exit').kill(),
  };
};

export type SignInWorker = Awaited<ReturnType<typeof startWorker>>;
