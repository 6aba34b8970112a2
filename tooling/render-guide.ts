/**
 * Renders the Admin Console setup guide the way Logto shows it (a 560 px pane beside the connector
 * form, Logto's Markdown styles) in Chromium, and checks what an operator sees at a glance:
 * the guide's size, how far down its first setup step starts, and that nothing scrolls sideways.
 *
 *   npx tsx tooling/render-guide.ts [docs/guide.md docs/guide.es.md …]
 *
 * Screenshots go to .tmp/render-guide/. Exits 1 when a guide breaks a limit.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { marked } from 'marked';
import { chromium } from 'playwright-core';

const limits = { bytes: 12_500, firstStepOffset: 800 };
const paneWidth = 560;
const firstScreenHeight = 800;
const outputFolder = '.tmp/render-guide';
const defaultGuides = ['docs/guide.md', 'docs/guide.es.md'];

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

type Measurement = {
  firstStep: { text: string; top: number } | undefined;
  pane: { scrollWidth: number; clientWidth: number };
  overflowing: string[];
};

/** Runs in the page: the first numbered step and every element wider than its box or the pane. */
const measure = (): Measurement => {
  const pane = document.querySelector('.pane');
  const content = document.querySelector('.content');
  if (!pane || !content) throw new Error('The page has no pane.');

  const paneTop = pane.getBoundingClientRect().top;
  const contentRight = content.getBoundingClientRect().right;
  const step = content.querySelector('ol > li');
  const describe = (element: Element) =>
    `<${element.tagName.toLowerCase()}> ${(element.textContent ?? '').trim().slice(0, 60)}`;

  const tooWide = Array.from(
    content.querySelectorAll('table, pre, code, p, li, h1, h2, h3, a')
  ).filter(
    (element) =>
      element.scrollWidth > element.clientWidth + 1 ||
      element.getBoundingClientRect().right > contentRight + 1
  );

  return {
    firstStep: step
      ? { text: describe(step), top: Math.round(step.getBoundingClientRect().top - paneTop) }
      : undefined,
    pane: { scrollWidth: pane.scrollWidth, clientWidth: pane.clientWidth },
    overflowing: [
      ...(document.documentElement.scrollWidth > document.documentElement.clientWidth
        ? ['the page itself']
        : []),
      ...tooWide.map(describe),
    ],
  };
};

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof chromium.launch>>['newPage']>>;

/** Chromium sometimes refuses a capture on a busy machine; a second try is enough. */
const screenshot = async (page: Page, options: Parameters<Page['screenshot']>[0]) => {
  try {
    await page.screenshot(options);
  } catch {
    await page.screenshot(options);
  }
};

const renderGuide = async (browser: Awaited<ReturnType<typeof chromium.launch>>, file: string) => {
  const markdown = await readFile(file, 'utf8');
  const bytes = Buffer.byteLength(markdown);
  // Logto's splitMarkdownByTitle: the first "# " text becomes the pane's title and is cut from the
  // body, where an empty heading mark stays behind.
  const title = /# (.*)/.exec(markdown)?.[1] ?? '';
  const html = await marked.parse(markdown.replace(title, ''), { gfm: true });

  const page = await browser.newPage({
    viewport: { width: paneWidth + 40, height: firstScreenHeight },
  });
  // The Console shows the guide offline-capable: nothing on the page may need the network.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(pageFor(title, html));
  // tsx compiles with esbuild's keepNames, whose helper `__name` must exist in the page too.
  await page.evaluate('globalThis.__name = (target) => target;');
  const result = await page.evaluate(measure);

  const name = path.basename(file, '.md');
  const firstScreen = path.join(outputFolder, `${name}.first-screen.png`);
  const fullPage = path.join(outputFolder, `${name}.full.png`);
  await screenshot(page, { path: firstScreen });
  // The pane scrolls inside a fixed-height page; let it grow to show the whole guide at once.
  await page.addStyleTag({ content: '.pane { height: auto; overflow: visible; }' });
  await screenshot(page, { path: fullPage, fullPage: true });
  await page.close();

  const problems = [
    ...(bytes > limits.bytes ? [`${bytes} bytes is over ${limits.bytes}`] : []),
    ...(result.firstStep === undefined ? ['no numbered setup step found'] : []),
    ...(result.firstStep && result.firstStep.top > limits.firstStepOffset
      ? [`the first step starts at ${result.firstStep.top} px, below ${limits.firstStepOffset} px`]
      : []),
    ...(result.pane.scrollWidth > result.pane.clientWidth ? ['the pane scrolls sideways'] : []),
    ...result.overflowing.map((element) => `too wide: ${element}`),
  ];

  console.log(`${file}`);
  console.log(`  bytes:            ${bytes} (limit ${limits.bytes})`);
  console.log(
    `  first setup step: ${result.firstStep ? `${result.firstStep.top} px` : 'none'} ` +
      `(limit ${limits.firstStepOffset} px) ${result.firstStep?.text ?? ''}`
  );
  console.log(
    `  pane width:       scrollWidth ${result.pane.scrollWidth} / clientWidth ${result.pane.clientWidth}`
  );
  console.log(
    `  overflowing:      ${result.overflowing.length === 0 ? 'none' : result.overflowing.length}`
  );
  console.log(`  screenshots:      ${firstScreen}, ${fullPage}`);
  for (const problem of problems) console.log(`  PROBLEM: ${problem}`);

  return problems.length;
};

const files = process.argv.slice(2);
await mkdir(outputFolder, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});

try {
  let problems = 0;
  for (const file of files.length > 0 ? files : defaultGuides) {
    problems += await renderGuide(browser, file);
  }
  process.exitCode = problems > 0 ? 1 : 0;
} finally {
  await browser.close();
}
