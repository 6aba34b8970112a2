/** The document shell and stylesheet every playground page shares. */
import { html, trustedHtml, type SafeHtml } from './html.js';
import { type Mode } from './settings.js';

const STYLE = `
  :root { --accent: #ffd21e; --accent-edge: #e0a800; --ink: #111827; --muted: #4b5563;
          --line: #e5e7eb; --bad: #b91c1c; --note: #fffbeb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: var(--ink); background: #f3f4f6; overflow-wrap: break-word; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem; padding: .75rem 1.5rem;
           background: #fff; border-bottom: 1px solid var(--line); }
  header a { display: flex; align-items: center; gap: .5rem; color: inherit; text-decoration: none; font-weight: 700; }
  .logo { width: 1.75rem; height: 1.75rem; flex: none; }
  .mode { margin-left: auto; font-size: .8rem; font-weight: 600; padding: .15rem .6rem;
          border-radius: 999px; background: var(--note); border: 1px solid var(--accent-edge); }
  main { max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
  section { background: #fff; border: 1px solid var(--line); border-radius: .75rem;
            padding: 1rem 1.5rem; margin-bottom: 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
  * + h2 { margin-top: 1.25rem; }
  h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
  dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: .35rem 1.25rem; margin: 0; }
  dt { font-weight: 600; color: var(--muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875em; }
  pre { background: #f9fafb; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem;
        white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
  th { color: var(--muted); font-size: .875rem; }
  .profile { display: flex; flex-wrap: wrap; gap: 1.25rem; align-items: flex-start; }
  .avatar { width: 5rem; height: 5rem; border-radius: 50%; object-fit: cover; flex: none;
            background: var(--note); border: 1px solid var(--line); font-size: .7rem; overflow: hidden; }
  .profile dl { flex: 1 1 16rem; }
  .absent { color: var(--muted); font-style: italic; }
  .duration { white-space: nowrap; }
  .note { background: var(--note); border-left: 4px solid var(--accent-edge); padding: .5rem .75rem;
          border-radius: .25rem; }
  .error h1 { color: var(--bad); }
  .error-section { border-top: 6px solid var(--bad); }
  .actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
  .actions form { margin: 0; }
  button { font: inherit; font-weight: 600; padding: .55rem 1.1rem; border-radius: .5rem; cursor: pointer;
           border: 1px solid var(--accent-edge); background: var(--accent); color: var(--ink); }
  button.secondary { background: #fff; border-color: var(--line); }
  button:hover { filter: brightness(.96); }
  a { color: #1d4ed8; }
  button:focus-visible, a:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
  @media (max-width: 36rem) {
    header { padding: .75rem 1rem; }
    main { margin-top: 1rem; padding: 0 .5rem; }
    section { padding: .75rem 1rem; }
    dl { grid-template-columns: minmax(0, 1fr); gap: 0; }
    dd + dt { margin-top: .5rem; }
  }
`;

/**
 * The Hugging Face smiley drawn in SVG, so that it shows without an emoji font. Decorative: the
 * header's text names the page.
 */
const LOGO = `<svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
<circle cx="16" cy="15" r="13" fill="#ffd21e" stroke="#ff9d0b" stroke-width="1.5"/>
<circle cx="11" cy="12" r="1.9" fill="#3a3b45"/><circle cx="21" cy="12" r="1.9" fill="#3a3b45"/>
<circle cx="7.5" cy="16" r="1.6" fill="#ff9d0b" opacity=".6"/><circle cx="24.5" cy="16" r="1.6" fill="#ff9d0b" opacity=".6"/>
<path d="M10.5 17.5c1.2 3 3.1 4.4 5.5 4.4s4.3-1.4 5.5-4.4z" fill="#3a3b45"/>
<path d="M13 20.6c.9.8 1.9 1.2 3 1.2s2.1-.4 3-1.2c-.9-.7-1.9-1-3-1s-2.1.3-3 1z" fill="#f94040"/>
<path d="M3.5 22.5c1.2-1.6 3.2-1.8 4.4-.6l2.4 2.6c1 1.1.6 2.9-.9 3.5l-2.6 1c-1.5.5-3-.4-3.3-2z" fill="#ff9d0b"/>
<path d="M28.5 22.5c-1.2-1.6-3.2-1.8-4.4-.6l-2.4 2.6c-1 1.1-.6 2.9.9 3.5l2.6 1c1.5.5 3-.4 3.3-2z" fill="#ff9d0b"/>
</svg>`;

export type Page = { title: string; mode: Mode; body: SafeHtml; status?: 'error' };

export function layout({ title, mode, body, status }: Page): string {
  const modeLabel = mode === 'embedded' ? 'Embedded test provider' : 'Real Hugging Face';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Hugging Face connector playground</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body${status === 'error' ? html` class="error"` : ''}>
<header><a href="/">${trustedHtml(LOGO)}Hugging Face connector playground</a><span class="mode">${modeLabel}</span></header>
<main>
${body}
</main>
</body>
</html>`.toString();
}
