import ky from 'ky';

import { connectorError, ConnectorErrorCodes } from './errors.js';

export type HttpRequest = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: URLSearchParams;
  /** What the request is for, in words an operator understands ("token request"). */
  purpose: string;
  timeoutMs: number;
};

export type HttpResult = {
  status: number;
  text: string;
  /** The parsed body, or `undefined` when the body is not JSON. */
  json: unknown;
};

const parseJsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/** Network-level cause codes such as ECONNREFUSED or ENOTFOUND; never request contents. */
const causeCode = (error: unknown): string | undefined => {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code: unknown = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;

  return typeof code === 'string' ? code : undefined;
};

/**
 * Sends one request and reads its whole body within `timeoutMs`. Any HTTP status is a result;
 * only a network failure or a timeout throws, and then always as a `ConnectorError`.
 */
export const sendRequest = async ({
  url,
  method,
  headers,
  body,
  purpose,
  timeoutMs,
}: HttpRequest): Promise<HttpResult> => {
  try {
    const response = await ky(url, {
      method,
      headers,
      body,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();

    return { status: response.status, text, json: parseJsonOrUndefined(text) };
  } catch (error: unknown) {
    if (isTimeout(error)) {
      throw connectorError(
        ConnectorErrorCodes.General,
        `Hugging Face did not answer the ${purpose} within ${timeoutMs / 1000} s. Hugging Face may be slow or unavailable; try signing in again in a moment.`,
        { endpoint: url }
      );
    }

    throw connectorError(
      ConnectorErrorCodes.General,
      `Could not reach Hugging Face for the ${purpose}. Check that the Logto server can reach ${new URL(url).host} over HTTPS (DNS, firewall, proxy), then try again.`,
      { endpoint: url, cause: causeCode(error) ?? (error instanceof Error ? error.message : undefined) }
    );
  }
};
