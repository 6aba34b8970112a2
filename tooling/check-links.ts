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

const root = path.resolve(import.meta.dirname, '..');
const branch = 'main';

/**
 * Shown outside the repository, where relative links break: the READMEs on npm's package page
 * (in-page anchors still work there) and the guide in the Admin Console (where nothing does).
 */
const needsAbsoluteLink = (file: string, href: string) =>
  /^docs\/guide(\.[a-z-]+)?\.md$/.test(file) ||
  (/^README(\.[a-z-]+)?\.md$/.test(file) && !href.startsWith('#'));

const repositoryUrl = (() => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    repository?: string | { url?: string };
  };
  const url =
    typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (!url) throw new Error('package.json has no repository URL to build absolute links from.');

  return url
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/^github:/, 'https://github.com/');
})();

const markdownFiles = (folder: string): string[] =>
  readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) return markdownFiles(relative);
    return entry.name.endsWith('.md') ? [relative] : [];
  });

const plainText = (tokens: Token[] | undefined): string =>
  (tokens ?? [])
    .map((token) =>
      'tokens' in token && token.tokens
        ? plainText(token.tokens)
        : typeof (token as { text?: unknown }).text === 'string'
          ? (token as { text: string }).text
          : ''
    )
    .join('');

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
const headingIds = (() => {
  const cache = new Map<string, Set<string>>();

  return (file: string) => {
    const cached = cache.get(file);
    if (cached) return cached;

    const ids = new Set<string>();
    const seen = new Map<string, number>();
    // The callback is synchronous: no promise to wait for.
    void marked.walkTokens(marked.lexer(readFileSync(path.join(root, file), 'utf8')), (token) => {
      if (token.type !== 'heading') return;
      const base = plainText(token.tokens)
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
        .replace(/ /g, '-');
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      ids.add(count === 0 ? base : `${base}-${count}`);
    });
    cache.set(file, ids);

    return ids;
  };
})();

type Target = { file: string; anchor: string | undefined };

/** The repository file a link points at, or undefined when it leaves the repository. */
const targetOf = (href: string, from: string): Target | 'elsewhere' | 'not a file' => {
  const [location = '', anchor] = href.split('#', 2) as [string, string | undefined];

  if (href.startsWith(repositoryUrl)) {
    const rest = location.slice(repositoryUrl.length).replace(/\/$/, '');
    if (rest === '') return { file: 'README.md', anchor };
    const match = new RegExp(`^/(?:blob|tree)/${branch}/(.+)$`).exec(rest);

    return match?.[1] ? { file: decodeURIComponent(match[1]), anchor } : 'not a file';
  }
  if (/^[a-z][a-z+.-]*:/i.test(href)) return 'elsewhere';
  if (location === '') return { file: from, anchor };

  return {
    file: path.posix.normalize(
      path.posix.join(path.posix.dirname(from), decodeURIComponent(location))
    ),
    anchor,
  };
};

const problemsOf = (file: string): string[] => {
  const hrefs: string[] = [];
  // The callback is synchronous: no promise to wait for.
  void marked.walkTokens(marked.lexer(readFileSync(path.join(root, file), 'utf8')), (token) => {
    if (token.type === 'link' || token.type === 'image') hrefs.push(String(token.href));
  });

  return hrefs.flatMap((href) => {
    const target = targetOf(href, file);
    if (target === 'elsewhere') return [];
    if (target === 'not a file') {
      // Issues, releases and the like: pages of the repository, not files in it.
      return /\/(issues|pulls|releases|discussions)(\/|$)/.test(href)
        ? []
        : [`${href}: not a file`];
    }
    const problems: string[] = [];
    if (needsAbsoluteLink(file, href) && !href.startsWith(repositoryUrl)) {
      problems.push(`${href}: must be absolute (${repositoryUrl}/blob/${branch}/…) in this file`);
    }
    const absolute = path.join(root, target.file);
    if (!existsSync(absolute)) return [...problems, `${href}: ${target.file} does not exist`];
    if (target.anchor !== undefined) {
      if (statSync(absolute).isDirectory() || !target.file.endsWith('.md')) {
        problems.push(`${href}: an anchor into ${target.file}, which is not a Markdown file`);
      } else if (!headingIds(target.file).has(target.anchor)) {
        problems.push(`${href}: ${target.file} has no heading #${target.anchor}`);
      }
    }

    return problems;
  });
};

const files = [
  ...readdirSync(root).filter((name) => /^README.*\.md$/.test(name)),
  ...markdownFiles('docs'),
];
let broken = 0;
let checked = 0;
for (const file of files) {
  const problems = problemsOf(file);
  checked += 1;
  broken += problems.length;
  for (const problem of problems) console.log(`${file}: ${problem}`);
}
console.log(
  `${checked} files checked against ${repositoryUrl}: ${broken === 0 ? 'every link resolves' : `${broken} broken`}`
);
process.exitCode = broken === 0 ? 0 : 1;
