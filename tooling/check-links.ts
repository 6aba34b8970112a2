/**
 * Checks every link from the README files and docs/ into this repository: relative links and
 * absolute ones built from package.json's `repository` must name a file that exists, and their
 * `#anchor` a heading of that file (GitHub's heading ids). Files that leave the repository (the
 * npm package's README and the Admin Console guide) must use absolute links only.
 *
 *   npx tsx tooling/check-links.ts
 *
 * Exits 1 when a link is broken.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { marked, type Token } from 'marked';

import manifest from '../package.json' with { type: 'json' };

const root = path.resolve(import.meta.dirname, '..');
const repositoryUrl = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/**
 * Shown outside the repository, where relative links break: the READMEs on npm's package page
 * (in-page anchors still work there) and the guide in the Admin Console (where nothing does).
 */
const needsAbsoluteLink = (file: string, href: string) =>
  /^docs\/guide(\.[a-z-]+)?\.md$/.test(file) ||
  (/^README(\.[a-z-]+)?\.md$/.test(file) && !href.startsWith('#'));

/** Every token of a Markdown file, nested ones included. */
const tokensOf = (file: string) => {
  const tokens: Token[] = [];
  // The callback is synchronous: no promise to wait for.
  void marked.walkTokens(marked.lexer(readFileSync(path.join(root, file), 'utf8')), (token) => {
    tokens.push(token);
  });
  return tokens;
};

const plainText = (tokens: Token[] = []): string =>
  tokens
    .map((token) => token as { tokens?: Token[]; text?: unknown })
    .map(({ tokens: inner, text }) =>
      inner ? plainText(inner) : typeof text === 'string' ? text : ''
    )
    .join('');

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
const headingIds = (file: string) => {
  const seen = new Map<string, number>();
  return new Set(
    tokensOf(file).flatMap((token) => {
      if (token.type !== 'heading') return [];
      const id = plainText(token.tokens)
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
        .replace(/ /g, '-');
      const count = seen.get(id) ?? 0;
      seen.set(id, count + 1);
      return [count === 0 ? id : `${id}-${count}`];
    })
  );
};

/** The repository file a link names (none for a page such as /wiki); undefined when it leaves. */
const targetOf = (href: string, from: string) => {
  const [location = '', anchor] = href.split('#', 2);
  if (href.startsWith(repositoryUrl)) {
    const rest = location.slice(repositoryUrl.length).replace(/\/$/, '');
    const file = rest === '' ? 'README.md' : /^\/(?:blob|tree)\/main\/(.+)$/.exec(rest)?.[1];
    return { file: file && decodeURIComponent(file), anchor };
  }
  if (/^[a-z][a-z+.-]*:/i.test(href)) return undefined;
  const relative = path.posix.join(path.posix.dirname(from), decodeURIComponent(location));
  return { file: location === '' ? from : relative, anchor };
};

const problemsOf = (file: string, href: string): string[] => {
  const target = targetOf(href, file);
  if (!target) return [];
  // Issues, releases and the like: pages of the repository, not files in it.
  if (!target.file) {
    return /\/(issues|pulls|releases|discussions)(\/|$)/.test(href) ? [] : [`${href}: not a file`];
  }
  const problems = [];
  if (needsAbsoluteLink(file, href) && !href.startsWith(repositoryUrl)) {
    problems.push(`${href}: must be absolute (${repositoryUrl}/blob/main/…) in this file`);
  }
  const absolute = path.join(root, target.file);
  if (!existsSync(absolute)) return [...problems, `${href}: ${target.file} does not exist`];
  if (target.anchor === undefined) return problems;
  if (statSync(absolute).isDirectory() || !target.file.endsWith('.md')) {
    return [...problems, `${href}: an anchor into ${target.file}, which is not a Markdown file`];
  }
  if (!headingIds(target.file).has(target.anchor)) {
    return [...problems, `${href}: ${target.file} has no heading #${target.anchor}`];
  }
  return problems;
};

const files = [
  ...readdirSync(root).filter((name) => /^README.*\.md$/.test(name)),
  ...readdirSync(path.join(root, 'docs'), { recursive: true })
    .map((name) => `docs/${String(name)}`)
    .filter((name) => name.endsWith('.md')),
];
let broken = 0;
for (const file of files) {
  const hrefs = tokensOf(file).flatMap((token) =>
    token.type === 'link' || token.type === 'image' ? [String(token.href)] : []
  );
  for (const problem of hrefs.flatMap((href) => problemsOf(file, href))) {
    console.log(`${file}: ${problem}`);
    broken += 1;
  }
}
const outcome = broken === 0 ? 'every link resolves' : `${broken} broken`;
console.log(`${files.length} files checked against ${repositoryUrl}: ${outcome}`);
process.exitCode = broken === 0 ? 0 : 1;
