import type { TokenResponse } from '@logto/connector-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  createRefreshSingleFlight,
  createSingleFlight,
  maxRefreshesRemembered,
  refreshGraceMs,
} from './refresh-single-flight.js';

/** A task that stays pending until the test settles it. */
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });

  return { promise, resolve, reject };
};

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createSingleFlight', () => {
  const options = { graceMs: 5000, maxEntries: 3 };

  it('runs the task once for concurrent callers with the same key, and gives each the result', async () => {
    const once = createSingleFlight<string>(options);
    const pending = deferred<string>();
    const task = vi.fn(() => pending.promise);

    const callers = [once('token-a', task), once('token-a', task), once('token-a', task)];
    pending.resolve('new tokens');

    await expect(Promise.all(callers)).resolves.toEqual(['new tokens', 'new tokens', 'new tokens']);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs separately for different keys', async () => {
    const once = createSingleFlight<string>(options);
    const task = vi.fn(() => Promise.resolve('result'));

    await Promise.all([once('token-a', task), once('token-b', task)]);

    expect(task).toHaveBeenCalledTimes(2);
  });

  it('answers a caller that arrives within the grace period with the same result', async () => {
    const once = createSingleFlight<string>(options);
    const task = vi.fn(() => Promise.resolve('rotated'));

    await once('token-a', task);
    await vi.advanceTimersByTimeAsync(options.graceMs - 1);

    await expect(once('token-a', () => Promise.resolve('second request'))).resolves.toBe('rotated');
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('forgets the result once the grace period is over', async () => {
    const once = createSingleFlight<string>(options);

    await once('token-a', () => Promise.resolve('first'));
    await vi.advanceTimersByTimeAsync(options.graceMs);

    expect(once.size()).toBe(0);
    await expect(once('token-a', () => Promise.resolve('second'))).resolves.toBe('second');
  });

  it('hands a failure to every waiting caller and does not keep it', async () => {
    const once = createSingleFlight<string>(options);
    const pending = deferred<string>();
    const failure = new Error('invalid_grant');

    const callers = [
      once('token-a', () => pending.promise),
      once('token-a', () => Promise.resolve('x')),
    ];
    pending.reject(failure);

    for (const caller of callers) {
      await expect(caller).rejects.toBe(failure);
    }
    expect(once.size()).toBe(0);
    await expect(once('token-a', () => Promise.resolve('retried'))).resolves.toBe('retried');
  });

  it('shares a task that throws synchronously as a rejection', async () => {
    const once = createSingleFlight<string>(options);
    const failure = new TypeError('boom');
    const task = (): Promise<string> => {
      throw failure;
    };

    await expect(once('token-a', task)).rejects.toBe(failure);
    expect(once.size()).toBe(0);
  });

  it('remembers at most maxEntries keys, forgetting the oldest first', async () => {
    const once = createSingleFlight<string>(options);

    for (const key of ['a', 'b', 'c', 'd']) {
      await once(key, () => Promise.resolve(`first ${key}`));
    }

    expect(once.size()).toBe(3);
    await expect(once('a', () => Promise.resolve('second a'))).resolves.toBe('second a');
    await expect(once('d', () => Promise.resolve('second d'))).resolves.toBe('first d');
  });

  it('lets the callers of an evicted flight still receive its result', async () => {
    const once = createSingleFlight<string>({ graceMs: 5000, maxEntries: 1 });
    const pending = deferred<string>();

    const evicted = once('a', () => pending.promise);
    await once('b', () => Promise.resolve('b'));
    pending.resolve('a done');

    await expect(evicted).resolves.toBe('a done');
    expect(once.size()).toBe(1);
  });

  it('lets an evicted flight that fails leave the newer flight of its key alone', async () => {
    const once = createSingleFlight<string>({ graceMs: 5000, maxEntries: 1 });
    const first = deferred<string>();
    const second = deferred<string>();

    const evicted = once('a', () => first.promise);
    await once('b', () => Promise.resolve('b'));
    const newer = once('a', () => second.promise);
    first.reject(new Error('invalid_grant'));
    await expect(evicted).rejects.toThrow('invalid_grant');

    const joining = once('a', () => Promise.resolve('a third request'));
    second.resolve('newer a');

    await expect(joining).resolves.toBe('newer a');
    await expect(newer).resolves.toBe('newer a');
  });

  it('keeps the key only as a SHA-256 hash', async () => {
    const setSpy = vi.spyOn(Map.prototype, 'set');
    let storedKeys: unknown[] = [];

    try {
      await createSingleFlight<string>(options)('hf_refresh_secret', () => Promise.resolve('x'));
      storedKeys = setSpy.mock.calls.map(([key]: unknown[]) => key);
    } finally {
      setSpy.mockRestore();
    }

    // SHA-256 of "hf_refresh_secret", base64url.
    expect(storedKeys).toContain('_azoxmUAUIRf4_eWvnS-hSVB8HG2nBeekXaE7baRdXo');
    expect(storedKeys).not.toContain('hf_refresh_secret');
  });
});

describe('createRefreshSingleFlight', () => {
  const tokens: TokenResponse = {
    access_token: 'hf_oauth_new',
    token_type: 'bearer',
    refresh_token: 'hf_refresh_new',
  };

  it('sends one refresh for concurrent calls and gives every caller its own copy', async () => {
    const refresh = vi.fn(() => Promise.resolve(tokens));
    const shared = createRefreshSingleFlight()(refresh);

    const results = await Promise.all([shared('hf_refresh_old'), shared('hf_refresh_old')]);

    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh).toHaveBeenCalledWith('hf_refresh_old');
    expect(results).toEqual([tokens, tokens]);
    expect(results[0]).not.toBe(results[1]);
  });

  it('keeps a rotated result for a grace of a few seconds only', async () => {
    const refresh = vi.fn(() => Promise.resolve(tokens));
    const shared = createRefreshSingleFlight()(refresh);

    await shared('hf_refresh_old');
    await vi.advanceTimersByTimeAsync(refreshGraceMs - 1);
    await shared('hf_refresh_old');
    expect(refresh).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1);
    await shared('hf_refresh_old');
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(refreshGraceMs).toBeLessThanOrEqual(10_000);
    expect(maxRefreshesRemembered).toBe(1000);
  });

  it('passes a missing or empty refresh token straight to the refresh, which refuses it', async () => {
    const refusal = new Error('no refresh token');
    const refresh = vi.fn(() => Promise.reject(refusal));
    const shared = createRefreshSingleFlight()(refresh);

    await expect(shared('')).rejects.toBe(refusal);
    await expect(shared(undefined as unknown as string)).rejects.toBe(refusal);
    expect(refresh).toHaveBeenCalledTimes(2);
  });
});
