/**
 * Renders the Admin Console setup guide the way Logto shows it (a 560 px pane beside the connector
 * form, Logto's Markdown styles) in Chromium, and checks what an operator sees at a glance:
 * the guide's size, how far down its first setup step starts, and that nothing scrolls sideways.
 *
 *   npx tsx tooling/render-guide.ts
 *
 * Screenshots go to .tmp/render-guide/. Exits 1 when a guide breaks a limit.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { marked } from 'marked';
import { chromium, type Browser, type Page } from 'playwright-core';

const guides = ['docs/guide.md', 'docs/guide.es.md'];
const limits = { bytes: 12_500, firstStepOffset: 800 };
const paneWidth = 560;
const outputFolder = '.tmp/render-guide';

// Logto's Admin Console: the guide pane (pages/Connectors/Guide) and its Markdown component styles.
const paneStyles = `
  * { box-sizing: border-box; }
  body { margin: 0; background: #f5f5f7; color: #191c1d;
    font-family: -apple-system, 'Noto Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif; }
  .pane { width: ${paneWidth}px; height: 100vh; overflow: auto; background: #fff;
    border: 1.5px solid #cabeff; border-radius: 16px; }
  .title { font-size: 16px; line-height: 24px; font-weight: 600; padding: 20px 24px 16px;
    border-bottom: 1px solid #cabeff; }
  .content { padding: 0 24px 16px; font-size: 14px; line-height: 20px; }
  h1 { font-size: 20px; line-height: 28px; font-weight: 600; margin: 24px 0; }
  h2 { font-size: 16px; line-height: 24px; font-weight: 600; margin: 24px 0 12px; }
  h3 { font-size: 14px; line-height: 20px; font-weight: 600; margin: 24px 0 12px; }
  p { margin: 12px 0; }
  ul { padding-inline-start: 4ch; } ul > li { margin-block: 8px; padding-inline-start: 4px; }
  ol { padding-inline-start: 2ch; } ol > li { margin-block: 12px; padding-inline-start: 4px; }
  a { color: #5d34f2; text-decoration: none; }
  code { background: #eff1f1; padding: 4px; border-radius: 4px; font-size: 13px; }
  pre { background: #eff1f1; padding: 12px; border-radius: 8px; overflow: auto; }
  pre code { padding: 0; }
  table { border: 1px solid #e0e3e3; border-spacing: 0; width: 100%; table-layout: fixed;
    word-break: break-word; }
  th, td { padding: 12px; border-bottom: 1px solid #e0e3e3; text-align: start; }
`;

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const pageFor = (title: string, html: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>${paneStyles}</style></head>` +
  `<body><div class="pane"><div class="title">README: ${escapeHtml(title)}</div>` +
  `<div class="content">${html}</div></div></body></html>`;

/** Runs in the page: the first numbered step, and what is wider than its box or the pane. */
const measure = () => {
  const pane = document.querySelector('.pane');
  const content = document.querySelector('.content');
  if (!pane || !content) throw new Error('The page has no pane.');
  const describe = (element: Element) =>
    `<${element.tagName.toLowerCase()}> ${(element.textContent ?? '').trim().slice(0, 60)}`;
  const scrolls = (element: Element, slack = 0) =>
    element.scrollWidth > element.clientWidth + slack;
  const contentRight = content.getBoundingClientRect().right;
  const elements = Array.from(content.querySelectorAll('table, pre, code, p, li, h1, h2, h3, a'));
  const step = content.querySelector('ol > li');
  const top = (element: Element) => element.getBoundingClientRect().top;
  return {
    firstStep: step && { text: describe(step), top: Math.round(top(step) - top(pane)) },
    overflowing: [
      ...(scrolls(document.documentElement) ? ['the page itself'] : []),
      ...(scrolls(pane) ? ['the pane, which scrolls sideways'] : []),
      ...elements
        .filter((one) => scrolls(one, 1) || one.getBoundingClientRect().right > contentRight + 1)
        .map(describe),
    ],
  };
};

/** Chromium sometimes refuses a capture on a busy machine; a second try is enough. */
const screenshot = (page: Page, options: Parameters<Page['screenshot']>[0]) =>
  page.screenshot(options).catch(() => page.screenshot(options));

const renderGuide = async (browser: Browser, file: string) => {
  const markdown = await readFile(file, 'utf8');
  const bytes = Buffer.byteLength(markdown);
  // Logto's splitMarkdownByTitle: the first "# " text becomes the pane's title and is cut from the
  // body, where an empty heading mark stays behind.
  const title = /# (.*)/.exec(markdown)?.[1] ?? '';
  const html = await marked.parse(markdown.replace(title, ''), { gfm: true });

  const page = await browser.newPage({ viewport: { width: paneWidth + 40, height: 800 } });
  // The Console shows the guide offline-capable: nothing on the page may need the network.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(pageFor(title, html));
  // tsx compiles with esbuild's keepNames, whose helper `__name` must exist in the page too.
  await page.evaluate('globalThis.__name = (target) => target;');
  const { firstStep, overflowing } = await page.evaluate(measure);
  const screenshots = path.join(outputFolder, path.basename(file, '.md'));
  await screenshot(page, { path: `${screenshots}.first-screen.png` });
  // The pane scrolls inside a fixed-height page; let it grow to show the whole guide at once.
  await page.addStyleTag({ content: '.pane { height: auto; overflow: visible; }' });
  await screenshot(page, { path: `${screenshots}.full.png`, fullPage: true });
  await page.close();

  const { bytes: maxBytes, firstStepOffset: maxOffset } = limits;
  const problems = [
    ...(bytes > maxBytes ? [`${bytes} bytes is over ${maxBytes}`] : []),
    ...(firstStep ? [] : ['no numbered setup step found']),
    ...(firstStep && firstStep.top > maxOffset
      ? [`the first step starts at ${firstStep.top} px, below ${maxOffset} px`]
      : []),
    ...overflowing.map((element) => `too wide: ${element}`),
  ];
  const step = firstStep ? `${firstStep.top} px (limit ${maxOffset} px) ${firstStep.text}` : 'none';
  console.log(file);
  console.log(`  bytes:            ${bytes} (limit ${maxBytes})`);
  console.log(`  first setup step: ${step}`);
  console.log(`  overflowing:      ${overflowing.length === 0 ? 'none' : overflowing.length}`);
  console.log(`  screenshots:      ${screenshots}.first-screen.png, ${screenshots}.full.png`);
  for (const problem of problems) console.log(`  PROBLEM: ${problem}`);
  return problems.length;
};

await mkdir(outputFolder, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  let problems = 0;
  for (const file of guides) problems += await renderGuide(browser, file);
  process.exitCode = problems > 0 ? 1 : 0;
} finally {
  await browser.close();
}
