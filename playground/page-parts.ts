/** Pieces every playground page uses. Tokens are always masked; all text is escaped. */
import { type TokenResponse } from '@logto/connector-kit';

import { html, type SafeHtml } from './html.js';

/** Enough to tell tokens apart, never enough to use one. */
export function maskToken(token: string): string {
  const shown = token.slice(0, Math.min(6, Math.floor(token.length / 2)));
  return `${shown}… (${token.length} characters)`;
}

export const absent = (text: string) => html`<span class="absent">${text}</span>`;

export const duration = (ms: number | undefined) =>
  ms === undefined
    ? absent('not measured')
    : html`<span class="duration">${ms < 10 ? ms.toFixed(1) : Math.round(ms)}&nbsp;ms</span>`;

/** The URL when it is http(s), so that it is safe in href and src. */
export function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

export const yesNo = (value: unknown) =>
  value === true ? 'Yes' : value === false ? 'No' : absent('not sent');

export const rawObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

export const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const scopeList = (scope: string | undefined) => (scope ?? '').split(/\s+/).filter(Boolean);

export function tokenTable(tokenResponse: TokenResponse): SafeHtml {
  const rows = Object.entries(tokenResponse).map(
    ([field, value]) =>
      html`<tr>
        <th scope="row"><code>${field}</code></th>
        <td>
          ${
            field.endsWith('_token') && typeof value === 'string'
              ? html`<code>${maskToken(value)}</code>`
              : String(value)
          }
        </td>
      </tr>`
  );
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Field</th>
        <th scope="col">Value</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
