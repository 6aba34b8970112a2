/** Deeper than any profile Hugging Face sends; deep enough that no host recursion overflows. */
export const maxRawDataDepth = 32;

/**
 * PostgreSQL's jsonb, where Logto keeps rawData, refuses a NUL character and a lone UTF-16
 * surrogate (JSON.parse accepts both as escapes). In unicode mode \p{Cs} matches only lone ones.
 */
const unstorableText = /[\0\p{Cs}]/u;

const textProblem = 'a text contains a NUL character or a broken UTF-16 surrogate';
const depthProblem = `it is nested more than ${maxRawDataDepth} levels deep`;

const problemIn = (value: unknown, depth: number): string | undefined => {
  if (typeof value === 'string') {
    return unstorableText.test(value) ? textProblem : undefined;
  }

  if (typeof value !== 'object' || value === null) {
    return undefined;
  }

  if (depth > maxRawDataDepth) {
    return depthProblem;
  }

  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);

  for (const [key, item] of entries) {
    const problem =
      typeof key === 'string' && unstorableText.test(key)
        ? textProblem
        : problemIn(item, depth + 1);

    if (problem !== undefined) {
      return problem;
    }
  }

  return undefined;
};

/**
 * Why Logto could not store a parsed JSON body as rawData, or `undefined` when it can. Its size
 * is bounded before this by the HTTP reader (`maxResponseBytes`); depth and text are checked here.
 */
export const rawDataProblem = (json: unknown): string | undefined => problemIn(json, 1);
