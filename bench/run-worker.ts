/** Runs one measuring process (`worker.ts`) and returns its result. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { WorkerResult, WorkerTask } from './contenders.js';

const workerPath = fileURLToPath(new URL('worker.ts', import.meta.url));

/** `nodeOptions`: extra flags for the worker, such as `--cpu-prof`. */
export const runWorker = (task: WorkerTask, nodeOptions: readonly string[] = []) =>
  new Promise<WorkerResult>((resolve, reject) => {
    const worker = fork(workerPath, [JSON.stringify(task)], {
      // process.execArgv carries tsx's loader flags.
      execArgv: [...process.execArgv, '--expose-gc', ...nodeOptions],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: WorkerResult | undefined;

    worker.on('message', (message: { result?: WorkerResult }) => {
      result = message.result;
    });
    worker.on('error', reject);
    worker.on('exit', (code, signal) => {
      if (code === 0 && result) {
        resolve(result);
      } else {
        reject(
          new Error(
            `A measuring process (scope "${task.scope}", order ${task.order.join(', ')}) failed (${signal ?? `exit code ${code}`}); its error is above.`
          )
        );
      }
    });
  });
