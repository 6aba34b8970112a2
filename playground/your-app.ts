/**
 * What an app does with the Hugging Face token it reads from Logto's Account API: call Hugging
 * Face as the user. Here, whoami-v2, which tells whom a token belongs to and what it may do.
 */
import { performance } from 'node:perf_hooks';

import { type VaultSource } from './logto-host.js';

export const WHOAMI_PATH = '/api/whoami-v2';
const TIMEOUT_MS = 10_000;
const MAX_BODY_CHARACTERS = 20_000;

export type ApiCall = {
  url: string;
  ms: number;
  /** Which tokens of Logto's vault the call used. */
  tokenSource: VaultSource;
} & (
  | { outcome: 'answered'; status: number; body: unknown }
  | { outcome: 'unreachable'; reason: string }
);

async function readBody(response: Response): Promise<unknown> {
  const text = (await response.text()).slice(0, MAX_BODY_CHARACTERS);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${TIMEOUT_MS / 1000} seconds`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : String(error);
}

/** GET {apiBase}/api/whoami-v2 with the user's access token as a Bearer token. */
export async function callWhoAmI({
  apiBase,
  accessToken,
  tokenSource,
}: {
  apiBase: string;
  accessToken: string;
  tokenSource: VaultSource;
}): Promise<ApiCall> {
  const url = `${apiBase.replace(/\/+$/, '')}${WHOAMI_PATH}`;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  try {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await readBody(response);
    return { url, ms: elapsed(), tokenSource, outcome: 'answered', status: response.status, body };
  } catch (error) {
    return {
      url,
      ms: elapsed(),
      tokenSource,
      outcome: 'unreachable',
      reason: describeFailure(error),
    };
  }
}
