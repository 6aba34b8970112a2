import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { connectorError, excerpt } from './errors.js';

describe('connectorError', () => {
  it('builds a ConnectorError whose data starts with the message and carries the details', () => {
    const error = connectorError(ConnectorErrorCodes.InvalidResponse, 'What went wrong.', {
      status: 502,
      error: 'server_error',
    });

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({ message: 'What went wrong.', status: 502, error: 'server_error' });
  });

  it('leaves out details whose value is undefined instead of storing undefined', () => {
    const error = connectorError(ConnectorErrorCodes.General, 'Oops.', {
      error: 'x',
      errorDescription: undefined,
    });

    expect(error.data).toEqual({ message: 'Oops.', error: 'x' });
    expect(Object.keys(error.data as object)).not.toContain('errorDescription');
  });

  it('makes the message part of Error.message, so Logto logs show it', () => {
    expect(connectorError(ConnectorErrorCodes.General, 'Visible text.').message).toContain(
      'Visible text.'
    );
  });
});

describe('excerpt', () => {
  it('collapses whitespace into single spaces on one line', () => {
    expect(excerpt('  <h1>Bad\n\n   Gateway</h1>\t\r\n ')).toBe('<h1>Bad Gateway</h1>');
  });

  it('keeps short text whole', () => {
    const text = 'a'.repeat(200);

    expect(excerpt(text)).toBe(text);
  });

  it('cuts long text to 200 characters and marks the cut', () => {
    const text = 'x'.repeat(150) + 'y'.repeat(150);
    const result = excerpt(text);

    expect(result).toBe(`${'x'.repeat(150)}${'y'.repeat(50)}…`);
    expect(result.length).toBe(201);
  });

  it('blots out every occurrence of every secret', () => {
    const result = excerpt('code=abc123 again abc123 and secret=s3cr3t', ['abc123', 's3cr3t']);

    expect(result).toBe('code=[redacted] again [redacted] and secret=[redacted]');
  });

  it('redacts before cutting, so a secret straddling the cut cannot leak in part', () => {
    const secret = 'S'.repeat(40);
    const result = excerpt(`${'p'.repeat(180)}${secret}`, [secret]);

    expect(result).toBe(`${'p'.repeat(180)}[redacted]`);
    expect(result).not.toContain('SSSS');
  });

  it('blots out a secret echoed URL-encoded or form-encoded', () => {
    const secret = 'p+ss/w rd=1';
    const page = `raw ${secret} url ${encodeURIComponent(secret)} form p%2Bss%2Fw+rd%3D1`;

    expect(excerpt(page, [secret])).toBe('raw [redacted] url [redacted] form [redacted]');
  });

  it('ignores empty secrets instead of inserting [redacted] between every character', () => {
    expect(excerpt('abc', [''])).toBe('abc');
  });
});

describe('excerpt inside JSON', () => {
  it('blots out a secret echoed as a JSON string with escapes', () => {
    const secret = 'se/cr"et';

    expect(excerpt(JSON.stringify({ echoed: secret }), [secret])).toBe('{"echoed":"[redacted]"}');
  });
});
