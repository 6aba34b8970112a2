import { ConnectorErrorCodes } from '@logto/connector-kit';
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import {
  accessToken,
  answerUserInfoEndpoint,
  expectNoSecretsIn,
  failureOf,
  huggingFace,
  mockNetworkForEachTest,
  thrownBy,
  userInfoPath,
  userInfoWithOrgs,
} from './testing/fixtures.js';
import { fetchUserInfo, interpretUserInfoResponse } from './userinfo.js';

const fetchProfile = (timeoutMs = 2000) =>
  fetchUserInfo(`${huggingFace}${userInfoPath}`, accessToken, timeoutMs);

/** What the userinfo endpoint answered, decided without the network. */
const interpret = (json: unknown, status = 200, text = JSON.stringify(json) ?? '') =>
  interpretUserInfoResponse({ status, text, json }, accessToken);

const failure = (json: unknown, status = 200) => thrownBy(() => interpret(json, status));

/** Parses a body as sendRequest does, so escapes such as \u0000 arrive as JSON.parse reads them. */
const interpretText = (text: string) => interpret(JSON.parse(text), 200, text);

mockNetworkForEachTest();

describe('fetchUserInfo', () => {
  it('GETs userinfo with the access token as a Bearer token and returns profile and body', async () => {
    const { seen } = answerUserInfoEndpoint(200, userInfoWithOrgs);

    const { userInfo, raw } = await fetchProfile();

    expect(seen[0]?.headers).toMatchObject({
      accept: 'application/json',
      authorization: `Bearer ${accessToken}`,
    });
    expect(raw).toEqual(userInfoWithOrgs);
    expect(userInfo).toEqual(userInfoWithOrgs);
  });

  it('names the user profile request when Hugging Face does not answer in time', async () => {
    nock(huggingFace).get(userInfoPath).delay(1000).reply(200, userInfoWithOrgs);

    const error = await failureOf(fetchProfile(50));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({
      message:
        'Hugging Face did not answer the user profile request within 0.05 s. Hugging Face may be slow or unavailable; try signing in again in a moment.',
    });
  });

  it('blots out the access token an error page echoes', async () => {
    answerUserInfoEndpoint(502, `Authorization: Bearer ${accessToken}\n(token ${accessToken})`);

    const error = await failureOf(fetchProfile());

    expect(error.data).toMatchObject({
      body: 'Authorization: Bearer [redacted] (token [redacted])',
    });
    expectNoSecretsIn(error, [accessToken]);
  });
});

describe('interpretUserInfoResponse', () => {
  it.each([200, 299])('takes HTTP %i with a profile as success', (status) => {
    expect(interpret({ sub: 'x' }, status)).toEqual({ userInfo: { sub: 'x' }, raw: { sub: 'x' } });
  });

  it('reads optional fields that are null or of another type as absent, and keeps the body as it came', () => {
    const body = {
      sub: 'x',
      name: null,
      preferred_username: 42,
      picture: {},
      email: ['jane@example.com'],
      email_verified: 'true',
      orgs: ['acme', null, { sub: 7, name: 'Acme', roleInOrg: ['admin'], plan: 'team' }],
      billingMode: 'postpaid',
    };

    const { userInfo, raw } = interpret(body);

    expect(raw).toBe(body);
    expect(userInfo).toEqual({
      sub: 'x',
      orgs: [{ name: 'Acme', plan: 'team' }],
      billingMode: 'postpaid',
    });
    expect(interpret({ sub: 'x', orgs: 'acme' }).userInfo).toEqual({ sub: 'x' });
  });

  it('asks the user to sign in again when the access token is rejected (HTTP 401)', () => {
    const error = failure({ error: 'invalid_token' }, 401);

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the access token (HTTP 401): it expired or the user revoked this app. Sign in with Hugging Face again.',
      status: 401,
    });
  });

  it.each([199, 300, 302, 400, 403, 500])(
    'reports HTTP %i as the userinfo endpoint failing, with the body',
    (status) => {
      const error = failure({ sub: 'x' }, status);

      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toEqual({
        message: `Hugging Face's userinfo endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
        status,
        body: '{"sub":"x"}',
      });
    }
  );

  it.each([
    [
      'an object without sub',
      { name: 'Jane', email: 'jane@example.com' },
      'a JSON object without a usable sub',
    ],
    ['an empty sub', { sub: '' }, 'a JSON object without a usable sub'],
    ['a numeric sub', { sub: 62_264 }, 'a JSON object without a usable sub'],
    ['an array', [userInfoWithOrgs], 'JSON array'],
    ['null', null, 'JSON null'],
    ['a string', 'janedoe', 'JSON string'],
    ['a number', 42, 'JSON number'],
    ['a body that is not JSON', undefined, 'a body that is not JSON'],
  ])('reports %s as invalid_response, without copying the body', (_kind, json, received) => {
    const error = failure(json);

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message:
        'Hugging Face answered the user profile request with something other than a profile with a user id (sub). This is unexpected; try again, and report it if it persists.',
      status: 200,
      received,
    });
  });
});

describe('a profile Logto cannot store as rawData', () => {
  /** A userinfo body whose `deep` field holds `levels` nested arrays: depth levels + 1 in all. */
  const nested = (levels: number, innermost = '') =>
    `{"sub":"x","deep":${'['.repeat(levels)}${innermost}${']'.repeat(levels)}}`;
  const unstorable = (problem: string) => ({
    message: `Hugging Face sent a user profile that Logto cannot store: ${problem}. This is unexpected; try again, and report it if it persists.`,
    status: 200,
  });
  const tooDeep = unstorable('it is nested more than 32 levels deep');
  const brokenText = unstorable('a text contains a NUL character or a broken UTF-16 surrogate');

  it('keeps a body nested 32 levels deep, with null and text inside', () => {
    const text = nested(31, 'null, "a", 1');

    expect(interpretText(text).raw).toEqual(JSON.parse(text));
  });

  it.each([33, 5000])('refuses a body nested %i levels deep', (depth) => {
    const error = thrownBy(() => interpretText(nested(depth - 1)));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual(tooDeep);
  });

  it('names the depth first when a body is both too deep and holds a NUL character', () => {
    expect(thrownBy(() => interpretText(nested(32, '"\\u0000"'))).data).toEqual(tooDeep);
  });

  it.each([
    ['a NUL character in a value', '{"sub":"x","bio":"a\\u0000b"}'],
    ['a NUL character in a key', '{"sub":"x","a\\u0000b":1}'],
    ['a NUL character after a backslash', '{"sub":"x","bio":"\\\\\\u0000"}'],
    ['a lone high surrogate deep inside', '{"sub":"x","orgs":[{"name":"\\ud800"}]}'],
    ['a lone low surrogate', '{"sub":"x","name":"\\uDFFF"}'],
  ])('refuses %s', (_kind, text) => {
    const error = thrownBy(() => interpretText(text));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual(brokenText);
  });

  it.each([
    ['a paired surrogate (an emoji)', '{"sub":"x","name":"Jane \\ud83e\\udd17"}'],
    ['a backslash followed by the text u0000', '{"sub":"x","bio":"\\\\u0000 and \\\\ud800"}'],
    ['characters next to the surrogates', '{"sub":"x","bio":"\\ud7ff\\ue000\\u0001"}'],
  ])('keeps %s', (_kind, text) => {
    expect(interpretText(text).raw).toEqual(JSON.parse(text));
  });
});
