/** Starts the stand-in provider in its own process, so its CPU is never counted in a worker. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import type { StandInReady, StandInStats } from './stand-in-provider.js';

const entry = fileURLToPath(new URL('stand-in-provider.ts', import.meta.url));

export type StandIn = StandInReady & {
  stats: () => Promise<StandInStats>;
  close: () => Promise<void>;
};

export const startStandIn = async (): Promise<StandIn> => {
  // `tsx bench/run.ts` runs node with tsx's loader flags; the child inherits them.
  const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  type Waiter = {
    resolve: (message: Record<string, unknown>) => void;
    reject: (error: Error) => void;
  };
  const waiting: Waiter[] = [];
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => waiting.push({ resolve, reject }));
  child.on('message', (message: Record<string, unknown>) => waiting.shift()?.resolve(message));
  child.on('exit', (code, signal) => {
    for (const { reject } of waiting.splice(0)) {
      reject(new Error(`The stand-in provider exited (${signal ?? `exit code ${code}`}).`));
    }
  });

  const { ready } = (await next()) as { ready: StandInReady };

  return {
    ...ready,
    stats: async () => {
      const reply = next();
      child.send('stats');

      return ((await reply) as { stats: StandInStats }).stats;
    },
    close: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
};
