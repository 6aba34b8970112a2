/**
 * ID-token verification on its own: JWKS downloads per 100 sign-ins and time per verification.
 * `npm run bench:id-token`: imports src/id-token.ts through tsx and serves a JWKS on loopback.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { forgetCachedKeySets, verifyIdToken } from '../src/id-token.js';

import { percentile } from './statistics.js';

const signIns = 100;
const verifications = 2_000;
const issuer = 'https://huggingface.co';
const clientId = 'bench-client';
const keyId = 'bench-key';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = {
  keys: [{ ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: 'RS256', use: 'sig' }],
};
let jwksDownloads = 0;
const server = createServer((_request, response) => {
  jwksDownloads += 1;
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const expectations = (nonce: string) => ({
  issuer,
  clientId,
  nonce,
  jwksUrl: `http://127.0.0.1:${port}/oauth/jwks`,
  timeoutMs: 5_000,
});

const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = base64Url({ alg: 'RS256', kid: keyId, typ: 'JWT' });
const signedToken = (nonce: string) => {
  const now = Math.floor(Date.now() / 1000);
  const payload = base64Url({
    iss: issuer,
    aud: clientId,
    sub: '62f264b9f3c90f4b6514a269',
    iat: now,
    exp: now + 3600,
    nonce,
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);

  return `${header}.${payload}.${signature.toString('base64url')}`;
};

forgetCachedKeySets();

for (let index = 0; index < signIns; index += 1) {
  const nonce = `nonce-${index}`;
  await verifyIdToken(signedToken(nonce), expectations(nonce));
}

const downloadsPer100 = (jwksDownloads / signIns) * 100;
const tokens = Array.from({ length: verifications }, (_, index) => signedToken(`n-${index}`));
const durations: number[] = [];

for (const [index, token] of tokens.entries()) {
  const startedAt = performance.now();
  await verifyIdToken(token, expectations(`n-${index}`));
  durations.push(performance.now() - startedAt);
}

server.close();
const micros = (p: number) => (percentile(durations, p) * 1000).toFixed(0);
console.log(
  `JWKS downloads per ${signIns} sign-ins: ${downloadsPer100.toFixed(2)} (${jwksDownloads} in total)`
);
console.log(
  `ID-token verification, ${verifications} tokens, keys cached: p50 ${micros(50)} µs, p99 ${micros(99)} µs`
);
