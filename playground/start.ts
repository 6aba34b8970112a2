/** `npm start`: builds the connector when lib/ is stale, then serves the playground. */
import { ensureFreshBuild } from '../tooling/build-check.js';

import { startPlayground } from './server.js';

try {
  ensureFreshBuild(console.log);
  const playground = await startPlayground();
  console.log(
    playground.provider
      ? `Hugging Face: the stand-in at ${playground.issuer} (set HF_CLIENT_ID and HF_CLIENT_SECRET to use the real one)`
      : `Hugging Face: ${playground.issuer}`
  );
  console.log(`Playground: ${playground.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void playground.close().then(() => process.exit(0)));
  }
} catch (error) {
  console.error(
    `The playground could not start: ${error instanceof Error ? error.message : String(error)}`
  );
  process.exitCode = 1;
}
