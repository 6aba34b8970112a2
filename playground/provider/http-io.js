/** Reading request bodies and writing JSON, HTML and redirect responses. */

const MAX_BODY_BYTES = 64 * 1024;

export class BodyError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<URLSearchParams>}
 * @throws {BodyError} wrong content type, too large, or aborted
 */
export async function readFormBody(req) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw new BodyError(400, 'The request body must be application/x-www-form-urlencoded');
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new BodyError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 */
export function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:",
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

/**
 * A 302 to `target` with `params` added to its query (keeping any query it already has).
 * @param {import('node:http').ServerResponse} res
 * @param {string} target
 * @param {Record<string, string | undefined>} params undefined values are left out
 */
export function redirectWithParams(res, target, params) {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  res.writeHead(302, { Location: url.href, 'Cache-Control': 'no-store', 'Content-Length': 0 });
  res.end();
}
