/**
 * The playground's web server: starts the embedded provider when no real credentials are set,
 * loads the built connector, and routes browser requests to the Logto-like host and the pages.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';

import { classifyConnectorFailure, createLogtoHost } from './logto-host.js';
import { renderErrorPage, renderHomePage, renderNoticePage, renderResultPage } from './pages.js';
import { startHuggingFaceProvider } from './provider/index.js';
import { readSettings } from './settings.js';

const BROWSER_COOKIE = 'playground_browser';
const BROWSER_ID = /^[\w-]{24}$/;
const CONNECTOR_ID = 'huggingface-playground';
const HUGGING_FACE_ISSUER = 'https://huggingface.co';

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * @typedef {object} Playground
 * @property {string} url the home page
 * @property {'embedded' | 'real'} mode
 * @property {string} issuer
 * @property {import('./provider/index.js').Provider | undefined} provider the embedded provider
 * @property {() => Promise<void>} close
 */

/**
 * Starts the playground. The connector must already be built (see build.js).
 * @param {{ port?: number, env?: Record<string, string | undefined> }} [options] `port` wins over PORT
 * @returns {Promise<Playground>}
 */
export async function startPlayground({ port, env = process.env } = {}) {
  const settings = readSettings(env, { port });
  const provider = settings.mode === 'embedded' ? await startHuggingFaceProvider() : undefined;
  const server = http.createServer();
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, 'localhost', () => resolve(undefined));
    });
    const { port: actualPort } = /** @type {import('node:net').AddressInfo} */ (server.address());
    // The redirect URI a real Hugging Face app registers; cookies only work on this exact host.
    const origin = `http://localhost:${actualPort}`;
    const redirectUri = `${origin}/callback`;

    const connectorPackage = await import(new URL('../lib/index.js', import.meta.url).href);
    const issuer = provider?.issuer ?? HUGGING_FACE_ISSUER;
    const createConnector = provider
      ? connectorPackage.createHuggingFaceConnector({ issuer })
      : connectorPackage.default;
    const [client] = provider?.clients ?? [];
    const config = {
      clientId: settings.credentials?.clientId ?? client.clientId,
      clientSecret: settings.credentials?.clientSecret ?? client.clientSecret,
      scope: settings.scope,
      ...(settings.orgIds && { orgIds: settings.orgIds }),
    };
    const host = await createLogtoHost({ createConnector, config, redirectUri, connectorId: CONNECTOR_ID });

    const home = {
      mode: settings.mode,
      issuer,
      clientId: config.clientId,
      scope: settings.scope,
      redirectUri,
      orgIds: settings.orgIds,
      sampleUsers: provider?.users,
    };
    server.on('request', (req, res) => {
      handleRequest({ req, res, origin, host, home }).catch((error) => {
        console.error('[playground] unexpected error', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Unexpected error in the playground.');
      });
    });

    return {
      url: `${origin}/`,
      mode: settings.mode,
      issuer,
      provider,
      async close() {
        await Promise.all([
          new Promise((resolve) => {
            server.close(() => resolve(undefined));
            server.closeAllConnections();
          }),
          provider?.close(),
        ]);
      },
    };
  } catch (error) {
    server.close();
    await provider?.close();
    throw error;
  }
}

/**
 * @typedef {object} RequestContext
 * @property {http.IncomingMessage} req
 * @property {http.ServerResponse} res
 * @property {URL} url
 * @property {string} browserId
 * @property {Awaited<ReturnType<typeof createLogtoHost>>} host
 * @property {Parameters<typeof renderHomePage>[0]} home
 * @property {(step: 'start' | 'callback' | 'refresh', error: unknown) => void} failed
 */

/** @type {Record<string, Record<string, (context: RequestContext) => Promise<void> | void>>} */
const ROUTES = {
  '/': {
    GET: ({ res, home }) => sendHtml(res, 200, renderHomePage(home)),
  },
  '/sign-in': {
    async POST({ req, res, browserId, host, failed }) {
      let authorizationUri;
      try {
        authorizationUri = await host.startSignIn(browserId, { userAgent: req.headers['user-agent'] });
      } catch (error) {
        return failed('start', error);
      }
      redirect(res, authorizationUri);
    },
  },
  '/callback': {
    async GET({ res, url, browserId, host, failed }) {
      try {
        await host.finishSignIn(browserId, Object.fromEntries(url.searchParams));
      } catch (error) {
        return failed('callback', error);
      }
      // Leave the callback URL at once, so a reload cannot replay its one-time code.
      redirect(res, '/result');
    },
  },
  '/result': {
    GET({ res, browserId, host, home }) {
      const signIn = host.signInOf(browserId);
      if (signIn) sendHtml(res, 200, renderResultPage({ mode: home.mode, signIn }));
      else redirect(res, '/');
    },
  },
  '/refresh': {
    async POST({ res, browserId, host, failed }) {
      let signIn;
      try {
        signIn = await host.refreshTokens(browserId);
      } catch (error) {
        return failed('refresh', error);
      }
      redirect(res, signIn ? '/result#refreshed' : '/');
    },
  },
  '/favicon.ico': {
    GET: ({ res }) => void res.writeHead(204).end(),
  },
};

/**
 * @param {object} context
 * @param {http.IncomingMessage} context.req
 * @param {http.ServerResponse} context.res
 * @param {string} context.origin
 * @param {RequestContext['host']} context.host
 * @param {RequestContext['home']} context.home
 */
async function handleRequest({ req, res, origin, host, home }) {
  req.resume();
  const url = new URL(req.url ?? '/', origin);
  const { mode } = home;

  // Opened as 127.0.0.1 or similar: the cookie would not reach /callback on localhost.
  if (req.method === 'GET' && req.headers.host !== new URL(origin).host) {
    return redirect(res, `${origin}${url.pathname}${url.search}`, 307);
  }

  const methods = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
  if (!methods) {
    return sendHtml(res, 404, renderNoticePage({ mode, title: 'Page not found', message: `Nothing here at ${url.pathname}.` }));
  }
  const route = Object.hasOwn(methods, req.method ?? '') ? methods[req.method ?? ''] : undefined;
  if (!route) {
    res.setHeader('Allow', Object.keys(methods).join(', '));
    const message = `${url.pathname} only answers ${Object.keys(methods).join(', ')}.`;
    return sendHtml(res, 405, renderNoticePage({ mode, title: 'Method not allowed', message }));
  }

  const browser = browserOf(req);
  if (browser.setCookie) res.setHeader('Set-Cookie', browser.setCookie);
  const failed = (step, error) => {
    const { isConnectorError, status } = classifyConnectorFailure(error);
    if (!isConnectorError) console.error('[playground] the connector threw a non-ConnectorError', error);
    sendHtml(res, status, renderErrorPage({ mode, step, error, status, isConnectorError }));
  };
  return route({ req, res, url, browserId: browser.id, host, home, failed });
}

/**
 * The browser's id from its cookie, or a new one to set.
 * @param {http.IncomingMessage} req
 * @returns {{ id: string, setCookie?: string }}
 */
function browserOf(req) {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === BROWSER_COOKIE && BROWSER_ID.test(value ?? '')) return { id: value };
  }
  const id = randomBytes(18).toString('base64url');
  // Lax still sends the cookie when Hugging Face redirects the browser back to /callback.
  return { id, setCookie: `${BROWSER_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` };
}

/** @param {http.ServerResponse} res @param {number} status @param {string} body */
function sendHtml(res, status, body) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** @param {http.ServerResponse} res @param {string} location @param {number} [status] */
function redirect(res, location, status = 303) {
  res.writeHead(status, { ...SECURITY_HEADERS, Location: location, 'Content-Length': 0 });
  res.end();
}
