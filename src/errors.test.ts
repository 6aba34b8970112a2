import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { connectorError, excerpt } from './errors.js';

describe('connectorError', () => {
  it('builds a ConnectorError whose data is the message and the defined details', () => {
    const error = connectorError(ConnectorErrorCodes.InvalidResponse, 'What went wrong.', {
      status: 502,
      error: 'server_error',
      errorDescription: undefined,
    });

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.message).toContain('What went wrong.');
    expect(error.data).toStrictEqual({
      message: 'What went wrong.',
      status: 502,
      error: 'server_error',
    });
    expect(connectorError(ConnectorErrorCodes.General, 'Alone.').data).toStrictEqual({
      message: 'Alone.',
    });
  });
});

describe('excerpt', () => {
  it('collapses whitespace into single spaces on one line', () => {
    expect(excerpt('  <h1>Bad\n\n   Gateway</h1>\t\r\n ', [])).toBe('<h1>Bad Gateway</h1>');
  });

  it('keeps 200 characters whole and cuts longer text at 200, marking the cut', () => {
    expect(excerpt('a'.repeat(200), [])).toBe('a'.repeat(200));
    expect(excerpt(`${'a'.repeat(200)}b`, [])).toBe(`${'a'.repeat(200)}…`);
  });

  it('blots out every occurrence of every secret, before cutting', () => {
    expect(excerpt('code=abc123 again abc123 and secret=s3cr3t', ['abc123', 's3cr3t'])).toBe(
      'code=[redacted] again [redacted] and secret=[redacted]'
    );
    expect(excerpt(`${'p'.repeat(180)}${'S'.repeat(40)}`, ['S'.repeat(40)])).toBe(
      `${'p'.repeat(180)}[redacted]`
    );
  });

  it('blots out a secret echoed URL-encoded, form-encoded or inside a JSON string', () => {
    const secret = 'p+ss/w rd="1"';
    const page = `raw ${secret} url ${encodeURIComponent(secret)} form p%2Bss%2Fw+rd%3D%221%22 json ${JSON.stringify({ echoed: secret })}`;

    expect(excerpt(page, [secret])).toBe(
      'raw [redacted] url [redacted] form [redacted] json {"echoed":"[redacted]"}'
    );
  });

  it('ignores empty secrets instead of inserting [redacted] between every character', () => {
    expect(excerpt('abc', [''])).toBe('abc');
  });
});
