import { ConnectorError, ConnectorErrorCodes, socialUserInfoGuard } from '@logto/connector-kit';
import fc from 'fast-check';
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { mapUserInfoToProfile } from './profile.js';
import {
  accessToken,
  emptyNameUserInfo,
  expectNoSecretsIn,
  failureOf,
  html502Page,
  htmlPageEchoing,
  huggingFace,
  messageOf,
  thrownBy,
  userInfoPath,
  userInfoWithOrgs,
  answerUserInfoEndpoint,
  mockNetworkForEachTest,
} from './testing/fixtures.js';
import type { HttpResult } from './http.js';
import { fetchUserInfo, interpretUserInfoResponse } from './userinfo.js';

const fetchProfile = (timeoutMs = 2000) =>
  fetchUserInfo({ userInfoEndpoint: `${huggingFace}${userInfoPath}`, accessToken, timeoutMs });

const asResponse = (json: unknown, status = 200): HttpResult => ({
  status,
  text: JSON.stringify(json) ?? '',
  json,
  request: {
    url: `${huggingFace}${userInfoPath}`,
    method: 'GET',
    headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
    purpose: 'user profile request',
    timeoutMs: 2000,
  },
});

mockNetworkForEachTest();

describe('fetchUserInfo', () => {
  it('GETs the userinfo endpoint with the access token as a Bearer token', async () => {
    const { seen, scope } = answerUserInfoEndpoint(200, userInfoWithOrgs);

    await fetchProfile();

    expect(scope.isDone()).toBe(true);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(seen[0]!.headers.accept).toBe('application/json');
  });

  it('returns the parsed profile and the body exactly as received', async () => {
    answerUserInfoEndpoint(200, userInfoWithOrgs);

    const { userInfo, raw } = await fetchProfile();

    expect(raw).toEqual(userInfoWithOrgs);
    expect(userInfo).toMatchObject({
      sub: userInfoWithOrgs.sub,
      name: 'Jane Doe',
      preferred_username: 'janedoe',
      email: 'jane@example.com',
      email_verified: true,
      orgs: [
        expect.objectContaining({ sub: '652db071b62cf1f8463221e2', preferred_username: 'acme' }),
      ],
    });
  });

  it('reports a rejected access token (HTTP 401) as social_invalid_access_token', async () => {
    answerUserInfoEndpoint(401, { error: 'invalid_token' });

    const error = await failureOf(fetchProfile());

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expect(error.data).toMatchObject({ status: 401 });
    expect(messageOf(error)).toContain('Sign in with Hugging Face again');
  });

  it.each([
    [403, '{"error":"Forbidden"}'],
    [500, '<h1>Internal Server Error</h1>'],
    [502, html502Page],
  ])('reports HTTP %i as general with the status and a short excerpt', async (status, body) => {
    answerUserInfoEndpoint(status, body);

    const error = await failureOf(fetchProfile());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({ status });
    expect(messageOf(error)).toContain(`HTTP ${status}`);
    expect((error.data as { body: string }).body.length).toBeLessThanOrEqual(201);
  });

  it.each([
    ['no sub', { name: 'Jane Doe', preferred_username: 'janedoe' }],
    ['an empty sub', { sub: '', name: 'Jane' }],
    ['a numeric sub', { sub: 62_264, name: 'Jane' }],
    ['a null sub', { sub: null }],
    ['a JSON array', [userInfoWithOrgs]],
    ['JSON null', null],
    ['a JSON string', 'janedoe'],
  ])('reports a body with %s as invalid_response', async (_kind, body) => {
    answerUserInfoEndpoint(200, JSON.stringify(body));

    const error = await failureOf(fetchProfile());

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(messageOf(error)).toContain('sub');
  });

  it('reports a body that is not JSON as invalid_response', async () => {
    answerUserInfoEndpoint(200, '<html>Sign in to Hugging Face</html>');

    const error = await failureOf(fetchProfile());

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message: expect.any(String) as unknown,
      status: 200,
      received: 'a body that is not JSON',
    });
  });

  it('reports a refused connection as general', async () => {
    nock(huggingFace).get(userInfoPath).replyWithError({ code: 'ECONNREFUSED' });

    const error = await failureOf(fetchProfile());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('user profile request');
  });

  it('reports a userinfo endpoint that does not answer in time as general', async () => {
    nock(huggingFace).get(userInfoPath).delay(1000).reply(200, userInfoWithOrgs);

    const error = await failureOf(fetchProfile(50));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Hugging Face did not answer the user profile request');
  });

  it.each([
    ['an HTML error page', 500, htmlPageEchoing(500, `Authorization: Bearer ${accessToken}`)],
    ['a 403 JSON body', 403, { error: 'forbidden', token: accessToken }],
  ])('never leaks the access token that %s echoes', async (_kind, status, body) => {
    answerUserInfoEndpoint(status, body);

    const error = await failureOf(fetchProfile());

    expectNoSecretsIn(error, [accessToken]);
    expect(JSON.stringify(error.data)).toContain('[redacted]');
  });
});

describe('a profile without sub', () => {
  it('is not copied into the error, so neither the access token nor personal data leak', async () => {
    answerUserInfoEndpoint(200, { token: accessToken, email: 'jane@example.com' });

    const error = await failureOf(fetchProfile());

    expectNoSecretsIn(error, [accessToken]);
    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toMatchObject({ received: 'a JSON object without a usable sub' });
    expect(JSON.stringify(error.data)).not.toContain('jane@example.com');
  });
});

describe('interpretUserInfoResponse', () => {
  it.each([
    ['null', null],
    ['absent', undefined],
    ['empty', ''],
    ['a number', 42],
    ['an object', { first: 'Jane' }],
  ])('tolerates optional fields that are %s', (_kind, value) => {
    const body = {
      sub: userInfoWithOrgs.sub,
      name: value,
      preferred_username: value,
      picture: value,
      email: value,
      email_verified: value,
      orgs: value,
    };

    const { userInfo } = interpretUserInfoResponse(asResponse(body));

    expect(userInfo.sub).toBe(userInfoWithOrgs.sub);
    for (const field of ['name', 'preferred_username', 'picture', 'email'] as const) {
      expect([undefined, '']).toContain(userInfo[field]);
    }
    expect(userInfo.email_verified).toBeUndefined();
    expect(userInfo.orgs).toBeUndefined();
  });

  it('keeps unknown fields in the raw body', () => {
    const body = { ...userInfoWithOrgs, billingMode: 'postpaid', resourceGroups: [{ id: 'rg' }] };

    const { raw, userInfo } = interpretUserInfoResponse(asResponse(body));

    expect(raw).toEqual(body);
    expect(userInfo).toMatchObject({ billingMode: 'postpaid', isPro: false, canPay: true });
  });

  it('skips organizations that are not objects and reads wrong-typed organization fields as absent', () => {
    const body = {
      sub: userInfoWithOrgs.sub,
      orgs: ['acme', null, { sub: 7, name: 'Acme', preferred_username: ['acme'], plan: 'team' }],
    };

    const { userInfo, raw } = interpretUserInfoResponse(asResponse(body));

    expect(userInfo.orgs).toEqual([
      { sub: undefined, name: 'Acme', preferred_username: undefined, plan: 'team' },
    ]);
    expect(raw).toEqual(body);
  });

  it('accepts any 2xx status', () => {
    expect(interpretUserInfoResponse(asResponse(emptyNameUserInfo, 203)).userInfo.sub).toBe(
      emptyNameUserInfo.sub
    );
  });

  it('reports a redirect (HTTP 302) as general', () => {
    const error = thrownBy(() =>
      interpretUserInfoResponse({ ...asResponse(undefined, 302), text: '' })
    );

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({ status: 302 });
  });
});

describe('any userinfo body (property)', () => {
  const fieldValue = fc.oneof(
    fc.string(),
    fc.constant(''),
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.constant('true'),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
  );
  const organization = fc.oneof(
    fc.record(
      { sub: fieldValue, name: fieldValue, preferred_username: fieldValue, plan: fieldValue },
      { requiredKeys: [] }
    ),
    fc.jsonValue({ maxDepth: 1 })
  );
  const userInfoLike = fc.record(
    {
      sub: fc.oneof(fc.stringMatching(/^[\da-f]{24}$/), fieldValue),
      name: fieldValue,
      preferred_username: fieldValue,
      picture: fieldValue,
      email: fieldValue,
      email_verified: fieldValue,
      orgs: fc.oneof(fc.array(organization, { maxLength: 3 }), fieldValue),
      isPro: fieldValue,
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] }
  );
  const jsonBody = fc.oneof(
    fc.anything().map((value) => JSON.parse(JSON.stringify(value) ?? 'null') as unknown),
    fc.json().map((text) => JSON.parse(text) as unknown),
    userInfoLike
  );

  it('yields a valid Logto profile or a ConnectorError, never anything else', () => {
    fc.assert(
      fc.property(jsonBody, fc.constantFrom(200, 401, 403, 500), (body, status) => {
        let profile: unknown;

        try {
          const { userInfo, raw } = interpretUserInfoResponse(asResponse(body, status));
          profile = mapUserInfoToProfile(userInfo, raw as never);
        } catch (error: unknown) {
          expect(error).toBeInstanceOf(ConnectorError);

          return;
        }

        expect(status).toBe(200);
        expect(socialUserInfoGuard.safeParse(profile).success).toBe(true);
        expect(Object.values(profile as object)).not.toContain(undefined);
        expect((profile as { rawData: unknown }).rawData).toEqual(body);
      }),
      { numRuns: 200 }
    );
  });

  it('keeps the email only when email_verified is exactly true', () => {
    fc.assert(
      fc.property(userInfoLike, (body) => {
        fc.pre(typeof body.sub === 'string' && body.sub.length > 0);
        const { userInfo, raw } = interpretUserInfoResponse(asResponse(body));
        const profile = mapUserInfoToProfile(userInfo, raw as never);

        if (body.email_verified !== true) {
          expect(profile).not.toHaveProperty('email');
        } else if (profile.email !== undefined) {
          expect(profile.email).toBe((body.email as string).trim());
          expect(profile.email).toMatch(/^[^\s@]+@[^\s@]+$/);
        }
      }),
      { numRuns: 200 }
    );
  });
});

describe('rawData Logto can store', () => {
  /** A userinfo body whose `deep` field holds `levels` nested arrays: depth levels + 1 in all. */
  const nestedText = (levels: number) =>
    `{"sub":"${userInfoWithOrgs.sub}","deep":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  const unstorable = (problem: string) =>
    `Hugging Face sent a user profile that Logto cannot store: ${problem}. This is unexpected; try again, and report it if it persists.`;

  it('keeps a body nested 32 levels deep', () => {
    const text = nestedText(31);

    const { raw } = interpretUserInfoResponse({ ...asResponse(JSON.parse(text)), text });

    expect(JSON.parse(JSON.stringify(raw))).toEqual(JSON.parse(text));
  });

  it.each([33, 5000])('reports a body nested %i levels deep as invalid_response', async (depth) => {
    answerUserInfoEndpoint(200, nestedText(depth - 1));

    const error = await failureOf(fetchProfile());

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message: unstorable('it is nested more than 32 levels deep'),
      status: 200,
    });
  });

  it.each([
    ['a NUL character in a value', `{"sub":"abc","bio":"a\\u0000b"}`],
    ['a NUL character in a key', `{"sub":"abc","a\\u0000b":1}`],
    ['a lone surrogate deep inside', `{"sub":"abc","orgs":[{"name":"\\ud800"}]}`],
  ])('reports %s as invalid_response', (_kind, text) => {
    const error = thrownBy(() =>
      interpretUserInfoResponse({ ...asResponse(JSON.parse(text)), text })
    );

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message: unstorable('a text contains a NUL character or a broken UTF-16 surrogate'),
      status: 200,
    });
  });

  it('keeps text with a properly paired surrogate (an emoji)', () => {
    const body = { sub: 'abc', name: 'Jane 🤗' };

    expect(interpretUserInfoResponse(asResponse(body)).raw).toEqual(body);
  });
});

describe('userinfo redirects and boundary statuses', () => {
  it.each([300, 301, 302, 307, 308])(
    'reports HTTP %i as general, not as a profile',
    async (status) => {
      answerUserInfoEndpoint(status, userInfoWithOrgs);

      const error = await failureOf(fetchProfile());

      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toEqual({
        message: `Hugging Face's userinfo endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
        status,
        body: JSON.stringify(userInfoWithOrgs).slice(0, 200) + '…',
      });
    }
  );

  it('reports HTTP 199 as general too', () => {
    expect(thrownBy(() => interpretUserInfoResponse(asResponse(userInfoWithOrgs, 199))).code).toBe(
      ConnectorErrorCodes.General
    );
  });
});

describe('redaction of what the userinfo request carried', () => {
  it('blots out the Bearer header and the access token an error page echoes', async () => {
    answerUserInfoEndpoint(502, `Authorization: Bearer ${accessToken} (token ${accessToken})`);

    const error = await failureOf(fetchProfile());

    expect(error.data).toMatchObject({ body: 'Authorization: [redacted] (token [redacted])' });
    expectNoSecretsIn(error, [accessToken]);
  });
});

describe('interpretUserInfoResponse: what the operator reads', () => {
  const noProfile =
    'Hugging Face answered the user profile request with something other than a profile with a user id (sub). This is unexpected; try again, and report it if it persists.';

  it.each([
    ['an object without sub', { name: 'Jane' }, 'a JSON object without a usable sub'],
    ['an array', [userInfoWithOrgs], 'JSON array'],
    ['null', null, 'JSON null'],
    ['a string', 'janedoe', 'JSON string'],
    ['a number', 42, 'JSON number'],
    ['a body that is not JSON', undefined, 'a body that is not JSON'],
  ])('describes %s as what it received', (_kind, json, received) => {
    const error = thrownBy(() => interpretUserInfoResponse(asResponse(json)));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({ message: noProfile, status: 200, received });
  });

  it('asks the user to sign in again when the access token is rejected', () => {
    const error = thrownBy(() => interpretUserInfoResponse(asResponse({ error: 'x' }, 401)));

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the access token (HTTP 401): it expired or the user revoked this app. Sign in with Hugging Face again.',
      status: 401,
    });
  });

  it.each([199, 300, 403])('reports HTTP %i as the userinfo endpoint failing', (status) => {
    const error = thrownBy(() => interpretUserInfoResponse(asResponse({ sub: 'x' }, status)));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message: `Hugging Face's userinfo endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
      status,
      body: '{"sub":"x"}',
    });
  });

  it.each([200, 299])('takes HTTP %i with a profile as success', (status) => {
    expect(interpretUserInfoResponse(asResponse({ sub: 'x' }, status)).raw).toEqual({ sub: 'x' });
  });

  it('says why Logto cannot store a profile', () => {
    const error = thrownBy(() =>
      interpretUserInfoResponse(asResponse({ sub: 'x', name: 'a\u0000b' }))
    );

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message:
        'Hugging Face sent a user profile that Logto cannot store: a text contains a NUL character or a broken UTF-16 surrogate. This is unexpected; try again, and report it if it persists.',
      status: 200,
    });
  });
});
