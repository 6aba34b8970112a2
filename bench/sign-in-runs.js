/** Runs the sign-in worker for one installed connector and one scope; the provider host answers its calls. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerPath = fileURLToPath(new URL('sign-in-worker.js', import.meta.url));

/**
 * @param {{
 *   provider: Awaited<ReturnType<typeof import('./provider-host.js').startBenchProvider>>,
 *   connectorPath: string,
 *   scope: string,
 *   counts: Record<string, number>,
 *   nodeOptions?: string[],
 * }} options `nodeOptions`: extra flags for the worker, such as `--cpu-prof`
 */
export const measureSignIns = ({ provider, connectorPath, scope, counts, nodeOptions = [] }) =>
  new Promise((resolve, reject) => {
    provider.answer({ id: 0, method: 'resetStats' });
    const task = {
      connectorPath,
      port: provider.port,
      ca: provider.ca,
      config: { ...provider.client, scope },
      expectedUserId: provider.user.sub,
      counts,
    };
    const worker = fork(workerPath, [JSON.stringify(task)], {
      execArgv: ['--expose-gc', ...nodeOptions],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;

    worker.on('message', (message) => {
      if (message.result) {
        result = message.result;
      } else {
        worker.send(provider.answer(message));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code, signal) => {
      if (code === 0 && result) {
        resolve(result);
      } else {
        reject(new Error(`The sign-in worker for ${connectorPath} (scope "${scope}") failed (${signal ?? `exit code ${code}`}); its error is above.`));
      }
    });
  });
