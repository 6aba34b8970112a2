/**
 * Logto shows error messages and form texts as plain text: Markdown in them reaches operators as
 * literal backticks and asterisks. The tests check every error they capture (see `failureOf`); this
 * file checks every text written in the connector's source, so a message no test reaches is
 * covered too.
 */
import { readdirSync, readFileSync } from 'node:fs';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { expectPlainText } from './testing/fixtures.js';

const sourceFolder = new URL('./', import.meta.url);

const sourceFiles = readdirSync(sourceFolder).filter(
  (name) => name.endsWith('.ts') && !name.endsWith('.test.ts')
);

/** Every string and template text of a file, as the program sees it (comments excluded). */
const textsOf = (name: string): string[] => {
  const file = ts.createSourceFile(
    name,
    readFileSync(new URL(name, sourceFolder), 'utf8'),
    ts.ScriptTarget.Latest
  );
  const texts: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      texts.push(node.text);
    }

    ts.forEachChild(node, visit);
  };
  visit(file);

  return texts;
};

describe('texts the connector can show', () => {
  it('are read from every source file of the connector', () => {
    expect(sourceFiles).toEqual(expect.arrayContaining(['config.ts', 'metadata.ts', 'token.ts']));
  });

  it.each(sourceFiles)('contain no Markdown in %s', (name) => {
    for (const text of textsOf(name)) {
      expectPlainText(text);
    }
  });

  it('notices a code span, bold text and a link', () => {
    for (const markdown of ['`scope` is empty', 'a **bold** claim', 'see [the guide](./docs)']) {
      expect(() => expectPlainText(markdown)).toThrow();
    }
  });
});
