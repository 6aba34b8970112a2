/**
 * Runs the Hugging Face test provider by hand:
 *   npx tsx playground/provider/cli.ts [--port N] [--host H] [--issuer URL]
 */
import { parseArgs } from 'node:util';

import { startHuggingFaceProvider } from './index.js';

const usage = 'Usage: npx tsx playground/provider/cli.ts [--port N] [--host H] [--issuer URL]';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string' },
    issuer: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}

const provider = await startHuggingFaceProvider({
  port,
  ...(values.host !== undefined && { host: values.host }),
  ...(values.issuer !== undefined && { issuer: values.issuer }),
});
const client = provider.clients[0];
const redirectUris = client?.redirectUris.length
  ? client.redirectUris.join(', ')
  : 'any http(s)://localhost, 127.0.0.1 or [::1] URI, any port';

console.log(`Hugging Face test provider listening on ${provider.origin}
  issuer:        ${provider.issuer}
  discovery:     ${provider.issuer}/.well-known/openid-configuration
  client_id:     ${client?.clientId}
  client_secret: ${client?.clientSecret}
  redirect URIs: ${redirectUris}
  scopes:        ${client?.allowedScopes.join(' ')}
  users:         ${provider.users.map((user) => `${user.handle} (${user.sub})`).join(', ')}
Press Ctrl+C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void provider.close().then(() => process.exit(0));
  });
}
