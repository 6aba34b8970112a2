/** Pieces every playground page uses: the document shell, tables, masked tokens. All is escaped. */
import { readFileSync } from 'node:fs';

import { type TokenResponse } from '@logto/connector-kit';

import { html, SafeHtml } from './html.js';
import { type Mode } from './settings.js';

// Inlined, so that a page is a single request.
const style = new SafeHtml(readFileSync(new URL('style.css', import.meta.url), 'utf8'));

export function layout(title: string, mode: Mode, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – Hugging Face connector playground</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <style>
          ${style}
        </style>
      </head>
      <body>
        <header>
          <a href="/"><img class="logo" src="/favicon.svg" alt="" />Connector playground</a>
          <span class="mode"
            >${mode === 'embedded' ? 'Stand-in for Hugging Face' : 'Real Hugging Face'}</span
          >
        </header>
        <main>${body}</main>
      </body>
    </html>`.toString();
}

export const absent = (text: string) => html`<span class="absent">${text}</span>`;

export const code = (value: unknown) => html`<code>${value}</code>`;

export const codeOr = (value: string | undefined, whyAbsent: string) =>
  value ? code(value) : absent(whyAbsent);

export const duration = (ms: number) =>
  html`<span class="duration">${ms < 10 ? ms.toFixed(1) : Math.round(ms)}&nbsp;ms</span>`;

export const definitions = (entries: [term: unknown, description: unknown][]) =>
  html`<dl>
    ${entries.map(
      ([term, description]) =>
        html`<dt>${term}</dt>
          <dd>${description}</dd>`
    )}
  </dl>`;

export const rawObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

export const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const scopeList = (scope: string | undefined) => (scope ?? '').split(/\s+/).filter(Boolean);

/** Enough to tell tokens apart, never enough to use one. */
const maskToken = (token: string) =>
  `${token.slice(0, Math.min(6, Math.floor(token.length / 2)))}… (${token.length} characters)`;

export function tokenTable(tokenResponse: TokenResponse): SafeHtml {
  const rows = Object.entries(tokenResponse).map(([field, value]) => {
    const shown = field.endsWith('_token') ? code(maskToken(String(value))) : value;
    return html`<tr>
      <th scope="row">${code(field)}</th>
      <td>${shown}</td>
    </tr>`;
  });
  return html`<table>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
