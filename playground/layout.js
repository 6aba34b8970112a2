/** The document shell and stylesheet every playground page shares. */
import { html, trustedHtml } from './html.js';

const STYLE = `
  :root { --accent: #ffd21e; --accent-edge: #e0a800; --ink: #111827; --muted: #4b5563;
          --line: #e5e7eb; --bad: #b91c1c; --note: #fffbeb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: var(--ink); background: #f3f4f6; }
  header { display: flex; align-items: center; gap: .75rem; padding: .75rem 1.5rem;
           background: #fff; border-bottom: 1px solid var(--line); }
  header a { display: flex; align-items: center; gap: .5rem; color: inherit; text-decoration: none; font-weight: 700; }
  .logo { width: 1.5rem; height: 1.5rem; border-radius: 50%; background: var(--accent);
          border: 2px solid var(--accent-edge); }
  .mode { margin-left: auto; font-size: .8rem; font-weight: 600; padding: .15rem .6rem;
          border-radius: 999px; background: var(--note); border: 1px solid var(--accent-edge); }
  main { max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
  section { background: #fff; border: 1px solid var(--line); border-radius: .75rem;
            padding: 1rem 1.5rem; margin-bottom: 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
  * + h2 { margin-top: 1.25rem; }
  h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.25rem; margin: 0; }
  dt { font-weight: 600; color: var(--muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875em; }
  pre { background: #f9fafb; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem;
        white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
  th { color: var(--muted); font-size: .875rem; }
  .profile { display: flex; gap: 1.25rem; align-items: flex-start; }
  .avatar { width: 5rem; height: 5rem; border-radius: 50%; object-fit: cover; flex: none;
            background: var(--note); border: 1px solid var(--line); font-size: .7rem; overflow: hidden; }
  .profile dl { flex: 1; }
  .absent { color: var(--muted); font-style: italic; }
  .note { background: var(--note); border-left: 4px solid var(--accent-edge); padding: .5rem .75rem;
          border-radius: .25rem; }
  .error h1 { color: var(--bad); }
  .error-section { border-top: 6px solid var(--bad); }
  .actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
  button { font: inherit; font-weight: 600; padding: .55rem 1.1rem; border-radius: .5rem; cursor: pointer;
           border: 1px solid var(--accent-edge); background: var(--accent); color: var(--ink); }
  button.secondary { background: #fff; border-color: var(--line); }
  button:hover { filter: brightness(.96); }
  a { color: #1d4ed8; }
  button:focus-visible, a:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
`;

/**
 * @param {{ title: string, mode: 'embedded' | 'real', body: unknown, status?: 'error' }} page
 */
export function layout({ title, mode, body, status }) {
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
<header><a href="/"><span class="logo" aria-hidden="true"></span>Hugging Face connector playground</a><span class="mode">${modeLabel}</span></header>
<main>
${body}
</main>
</body>
</html>`.toString();
}
