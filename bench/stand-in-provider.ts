/**
 * A minimal stand-in for huggingface.co, run as its own process by `stand-in-host.ts`: HTTPS on
 * 127.0.0.1, static token and userinfo JSON, an RS256 ID token signed with node:crypto for the
 * nonce of each sign-in, and a JWKS.
 *
 * Why not the playground's provider: that one is a faithful OpenID provider (sessions, grants,
 * consent, code storage, client authentication on a full engine) so people can try the connector
 * by hand. Its own cost per sign-in is several times a connector's, and on a 2-core machine it
 * would cap throughput and add noise to every figure. It also changes with the playground. Here
 * the provider does the least a sign-in needs and is checked enough that a connector cannot
 * pass without doing its part: the Basic client credentials, the code it was given, the PKCE
 * verifier when a challenge was sent, and the access token on the userinfo request.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { decodeCode, issuer } from './authorization-code.js';
import { providerHostname } from './provider-dispatcher.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

export type StandInReady = {
  port: number;
  ca: string;
  /** The ID-token signing key as published in the JWKS. */
  jwk: Record<string, unknown>;
  client: { clientId: string; clientSecret: string };
  userId: string;
};

export type StandInStats = { requests: Record<string, number>; tlsConnections: number };

const client = { clientId: 'bench-client', clientSecret: 'bench-client-secret' };
const expectedBasic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
const accessToken = `hf_oauth_${randomBytes(24).toString('hex')}`;
const user = {
  sub: '62f264b9f3c90f4b6514a269',
  name: 'Jane Doe',
  preferred_username: 'janedoe',
  profile: 'https://huggingface.co/janedoe',
  picture: 'https://cdn-avatars.huggingface.co/v1/production/uploads/janedoe/avatar.png',
  website: 'https://janedoe.dev',
  email: 'jane@example.com',
  email_verified: true,
};
const userInfoBody = JSON.stringify({
  ...user,
  isPro: false,
  canPay: true,
  orgs: [
    {
      sub: '652db071b62cf1f8463221e2',
      name: 'Acme Corp',
      preferred_username: 'acme',
      picture: 'https://cdn-avatars.huggingface.co/v1/production/uploads/acme/avatar.png',
      plan: 'team',
      roleInOrg: 'write',
    },
  ],
});

const keyId = 'bench-signing-key';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: 'RS256', use: 'sig' };
const jwksBody = JSON.stringify({ keys: [jwk] });
const idTokenHeader = Buffer.from(
  JSON.stringify({ alg: 'RS256', kid: keyId, typ: 'JWT' })
).toString('base64url');

const signIdToken = (nonce: string | undefined) => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer, sub: user.sub, aud: client.clientId, iat: now, exp: now + 3600 };
  const payload = Buffer.from(
    JSON.stringify({ ...claims, auth_time: now, nonce, name: user.name, email: user.email })
  ).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${idTokenHeader}.${payload}`), privateKey);

  return `${idTokenHeader}.${payload}.${signature.toString('base64url')}`;
};

const stats: StandInStats = { requests: {}, tlsConnections: 0 };

const send = (response: ServerResponse, status: number, body: string) => {
  response
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    })
    .end(body);
};

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];

  for await (const chunk of request) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks).toString();
};

const sha256Base64Url = (text: string) => createHash('sha256').update(text).digest('base64url');

const answerTokenRequest = async (request: IncomingMessage, response: ServerResponse) => {
  const form = new URLSearchParams(await readBody(request));
  const grant = decodeCode(form.get('code') ?? '');
  const verifier = form.get('code_verifier');

  if (request.headers.authorization !== expectedBasic) {
    send(response, 401, JSON.stringify({ error: 'invalid_client' }));

    return;
  }

  if (
    form.get('grant_type') !== 'authorization_code' ||
    !grant ||
    (grant.codeChallenge !== undefined &&
      (verifier === null || sha256Base64Url(verifier) !== grant.codeChallenge))
  ) {
    send(
      response,
      400,
      JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid code' })
    );

    return;
  }

  const withIdToken = grant.scope.split(' ').includes('openid');
  send(
    response,
    200,
    JSON.stringify({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 28_800,
      scope: grant.scope,
      ...(withIdToken && { id_token: signIdToken(grant.nonce) }),
    })
  );
};

const bearerOf = (authorization: string | undefined) =>
  authorization?.toLowerCase().startsWith('bearer ') ? authorization.slice(7) : undefined;

const tls = createSelfSignedCertificate(providerHostname);
const server = createServer({ ...tls, keepAliveTimeout: 60_000 }, (request, response) => {
  const path = request.url ?? '';
  stats.requests[path] = (stats.requests[path] ?? 0) + 1;

  if (request.method === 'POST' && path === '/oauth/token') {
    answerTokenRequest(request, response).catch(() => send(response, 500, '{}'));
  } else if (request.method === 'GET' && path === '/oauth/userinfo') {
    if (bearerOf(request.headers.authorization) === accessToken) {
      send(response, 200, userInfoBody);
    } else {
      send(response, 401, JSON.stringify({ error: 'invalid_token' }));
    }
  } else if (request.method === 'GET' && path === '/oauth/jwks') {
    send(response, 200, jwksBody);
  } else {
    send(response, 404, JSON.stringify({ error: 'not_found' }));
  }
});

server.on('secureConnection', () => {
  stats.tlsConnections += 1;
});

server.listen(0, '127.0.0.1', () => {
  const ready: StandInReady = {
    port: (server.address() as AddressInfo).port,
    ca: tls.cert,
    jwk,
    client,
    userId: user.sub,
  };
  process.send?.({ ready });
});

process.on('message', (message: unknown) => {
  if (message === 'stats') {
    process.send?.({ stats });
  }
});
// The host closes the IPC channel when it is done, or dies: either way this process ends.
process.on('disconnect', () => process.exit(0));
