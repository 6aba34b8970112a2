/** `npm start`: builds the connector when needed, then serves the playground. */
import { ensureConnectorBuilt } from './build.js';
import { startPlayground } from './server.js';

try {
  if (await ensureConnectorBuilt()) console.log('Built the connector into lib/.');
  const playground = await startPlayground({ env: process.env });
  console.log(
    playground.mode === 'embedded'
      ? `Mode: embedded test provider at ${playground.issuer} (set HF_CLIENT_ID and HF_CLIENT_SECRET to use real Hugging Face)`
      : `Mode: real Hugging Face (${playground.issuer})`
  );
  console.log(`Playground: ${playground.url}`);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void playground.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  console.error(
    `The playground could not start: ${error instanceof Error ? error.message : String(error)}`
  );
  process.exitCode = 1;
}
