import type { TokenResponse } from '@logto/connector-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  createRefreshSingleFlight,
  maxRefreshesRemembered,
  refreshGraceMs,
} from './refresh-single-flight.js';

const tokens: TokenResponse = { access_token: 'hf_oauth_new', refresh_token: 'hf_refresh_new' };

/** A refresh that stays pending until the test settles it. */
const pendingRefresh = () => {
  let settle!: { resolve: (value: TokenResponse) => void; reject: (reason: unknown) => void };
  const promise = new Promise<TokenResponse>((resolve, reject) => {
    settle = { resolve, reject };
  });

  return { promise, ...settle };
};

/** The refresh tokens that push the oldest remembered ones out. */
const otherRefreshTokens = (count: number) =>
  Array.from({ length: count }, (_, index) => `hf_refresh_${index}`);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createRefreshSingleFlight', () => {
  it('sends one refresh for concurrent calls with one refresh token, giving each caller its own copy', async () => {
    const refresh = vi.fn(() => Promise.resolve(tokens));
    const shared = createRefreshSingleFlight()(refresh);

    const results = await Promise.all([shared('hf_refresh_old'), shared('hf_refresh_old')]);

    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh).toHaveBeenCalledWith('hf_refresh_old');
    expect(results).toEqual([tokens, tokens]);
    expect(results[0]).not.toBe(results[1]);
  });

  it('refreshes separately for different refresh tokens', async () => {
    const refresh = vi.fn(() => Promise.resolve(tokens));
    const shared = createRefreshSingleFlight()(refresh);

    await Promise.all([shared('hf_refresh_a'), shared('hf_refresh_b')]);

    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('answers a repeated refresh with the same result for a grace of 5 seconds only', async () => {
    const refresh = vi.fn(() => Promise.resolve(tokens));
    const shared = createRefreshSingleFlight()(refresh);

    await shared('hf_refresh_old');
    await vi.advanceTimersByTimeAsync(refreshGraceMs - 1);
    await shared('hf_refresh_old');
    expect(refresh).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1);
    await shared('hf_refresh_old');
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(refreshGraceMs).toBe(5000);
  });

  it('hands a failure to every waiting caller and forgets it at once', async () => {
    const first = pendingRefresh();
    const refresh = vi.fn(() => first.promise);
    const shared = createRefreshSingleFlight()(refresh);
    const failure = new Error('invalid_grant');

    const callers = [shared('hf_refresh_old'), shared('hf_refresh_old')];
    first.reject(failure);

    await expect(Promise.allSettled(callers)).resolves.toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    refresh.mockResolvedValue(tokens);
    await expect(shared('hf_refresh_old')).resolves.toEqual(tokens);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('passes a refresh token that is not text straight to the refresh, which refuses it', async () => {
    const refusal = new Error('no refresh token');
    const refresh = vi.fn(() => Promise.reject(refusal));
    const shared = createRefreshSingleFlight()(refresh);

    await expect(shared(undefined as unknown as string)).rejects.toBe(refusal);
    expect(refresh).toHaveBeenCalledWith(undefined);
  });

  it('keeps refresh tokens only as SHA-256 hashes', async () => {
    const setSpy = vi.spyOn(Map.prototype, 'set');

    try {
      await createRefreshSingleFlight()(() => Promise.resolve(tokens))('hf_refresh_secret');
      const keys = setSpy.mock.calls.map(([key]: unknown[]) => key);

      // SHA-256 of "hf_refresh_secret", base64url.
      expect(keys).toContain('_azoxmUAUIRf4_eWvnS-hSVB8HG2nBeekXaE7baRdXo');
      expect(keys).not.toContain('hf_refresh_secret');
    } finally {
      setSpy.mockRestore();
    }
  });

  it(`remembers at most ${maxRefreshesRemembered} refreshes, forgetting the oldest first`, async () => {
    const refresh = vi.fn((refreshToken: string) =>
      Promise.resolve({ access_token: `for ${refreshToken}` })
    );
    const shared = createRefreshSingleFlight()(refresh);

    for (const refreshToken of otherRefreshTokens(maxRefreshesRemembered + 1)) {
      await shared(refreshToken);
    }

    expect(maxRefreshesRemembered).toBe(1000);
    await shared('hf_refresh_1');
    expect(refresh).toHaveBeenCalledTimes(maxRefreshesRemembered + 1);
    await shared('hf_refresh_0');
    expect(refresh).toHaveBeenCalledTimes(maxRefreshesRemembered + 2);
  });

  it('lets a forgotten refresh that fails leave the newer refresh of its token alone', async () => {
    const forgotten = pendingRefresh();
    const newer = pendingRefresh();
    const refresh = vi.fn((refreshToken: string) =>
      refreshToken === 'hf_refresh_old' ? forgotten.promise : Promise.resolve(tokens)
    );
    const shared = createRefreshSingleFlight()(refresh);

    const first = shared('hf_refresh_old');
    for (const refreshToken of otherRefreshTokens(maxRefreshesRemembered)) {
      await shared(refreshToken);
    }
    refresh.mockImplementationOnce(() => newer.promise);
    const second = shared('hf_refresh_old');
    forgotten.reject(new Error('invalid_grant'));
    await expect(first).rejects.toThrow('invalid_grant');

    const joining = shared('hf_refresh_old');
    newer.resolve(tokens);

    await expect(Promise.all([second, joining])).resolves.toEqual([tokens, tokens]);
    expect(refresh).toHaveBeenCalledTimes(maxRefreshesRemembered + 2);
  });
});
