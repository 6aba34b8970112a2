/**
 * The floor: the least any connector must do for a sign-in, on the same kept-alive loopback TLS
 * through the same undici dispatcher. Two raw `fetch` calls (token, userinfo) that read JSON,
 * and for the openid variant one synchronous node:crypto RS256 verification with a key imported
 * once. No checks beyond the signature, no error mapping, no timeouts: a lower bound, not a
 * connector.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';

import { encodeCode, issuer } from './authorization-code.js';
import type { Stopwatch } from './stopwatch.js';

export type FloorOptions = {
  client: { clientId: string; clientSecret: string };
  jwk: Record<string, unknown>;
  scope: string;
  redirectUri: string;
};

export const createFloorSignIn = ({ client, jwk, scope, redirectUri }: FloorOptions) => {
  const withIdToken = scope.split(' ').includes('openid');
  const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: encodeCode({ scope, nonce: withIdToken ? 'floor-nonce' : undefined }),
    redirect_uri: redirectUri,
  }).toString();

  return async (_index: number, _stopwatch: Stopwatch): Promise<unknown> => {
    const tokenResponse = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const tokens = (await tokenResponse.json()) as { access_token: string; id_token?: string };

    if (withIdToken) {
      const [header, payload, signature] = (tokens.id_token ?? '').split('.');
      const data = Buffer.from(`${header}.${payload}`);

      if (!verify('sha256', data, key, Buffer.from(signature ?? '', 'base64url'))) {
        throw new Error('The floor could not verify the ID token');
      }
    }

    const userInfoResponse = await fetch(`${issuer}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });

    return ((await userInfoResponse.json()) as { sub?: unknown }).sub;
  };
};
