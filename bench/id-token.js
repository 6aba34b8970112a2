/**
 * ID-token verification on its own: JWKS downloads per 100 sign-ins and time per verification.
 * `npm run bench:id-token` — bundles src/id-token.ts with esbuild, serves a JWKS on loopback.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const signIns = 100;
const verifications = 2_000;
const issuer = 'https://huggingface.co';
const clientId = 'bench-client';

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('../src/id-token.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  external: ['@logto/connector-kit', 'zod'],
});
// A data: URL cannot resolve bare imports: point them at this repository's node_modules.
const source = bundle.outputFiles[0].text.replaceAll(
  /from ["'](@logto\/connector-kit|zod)["']/g,
  (_, name) => `from ${JSON.stringify(import.meta.resolve(name))}`
);
const { verifyIdToken, forgetCachedKeySets } = await import(
  `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`
);

const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'bench-key', alg: 'RS256', use: 'sig' }] };
let jwksDownloads = 0;
const server = createServer((request, response) => {
  jwksDownloads += 1;
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address();

const expectations = (nonce) => ({
  issuer,
  clientId,
  nonce,
  jwksUrl: `http://127.0.0.1:${port}/oauth/jwks`,
  timeoutMs: 5_000,
});
const signedToken = (nonce) =>
  new SignJWT({ nonce })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench-key' })
    .setIssuer(issuer)
    .setAudience(clientId)
    .setSubject('62f264b9f3c90f4b6514a269')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);

forgetCachedKeySets();
for (let index = 0; index < signIns; index += 1) {
  const nonce = `nonce-${index}`;
  await verifyIdToken(await signedToken(nonce), expectations(nonce));
}
const downloadsPer100 = (jwksDownloads / signIns) * 100;

const tokens = await Promise.all(
  Array.from({ length: verifications }, (_, index) => signedToken(`n-${index}`))
);
const durations = [];
for (const [index, token] of tokens.entries()) {
  const startedAt = performance.now();
  await verifyIdToken(token, expectations(`n-${index}`));
  durations.push(performance.now() - startedAt);
}
durations.sort((a, b) => a - b);
const at = (quantile) => durations[Math.min(durations.length - 1, Math.floor(quantile * durations.length))];

server.close();
console.log(`JWKS downloads per ${signIns} sign-ins: ${downloadsPer100.toFixed(2)} (${jwksDownloads} in total)`);
console.log(
  `ID-token verification, ${verifications} tokens, keys cached: p50 ${(at(0.5) * 1000).toFixed(0)} µs, p99 ${(at(0.99) * 1000).toFixed(0)} µs`
);
