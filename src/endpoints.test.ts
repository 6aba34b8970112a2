import { describe, expect, it } from 'vitest';

import { endpointsFor, huggingFaceIssuer, requestTimeoutMs } from './endpoints.js';

describe('endpointsFor', () => {
  it('gives Hugging Face’s OpenID endpoints under https://huggingface.co', () => {
    expect(endpointsFor(huggingFaceIssuer)).toEqual({
      issuer: 'https://huggingface.co',
      discovery: 'https://huggingface.co/.well-known/openid-configuration',
      authorization: 'https://huggingface.co/oauth/authorize',
      token: 'https://huggingface.co/oauth/token',
      userInfo: 'https://huggingface.co/oauth/userinfo',
      jwks: 'https://huggingface.co/oauth/jwks',
    });
  });

  it('drops trailing slashes of another issuer instead of doubling them', () => {
    const endpoints = endpointsFor('http://127.0.0.1:4010//');

    expect(endpoints.issuer).toBe('http://127.0.0.1:4010');
    expect(endpoints.token).toBe('http://127.0.0.1:4010/oauth/token');
  });

  it('bounds each request to Hugging Face to 10 seconds', () => {
    expect(requestTimeoutMs).toBe(10_000);
  });
});
