/**
 * The playground's web server: starts the stand-in for Hugging Face unless real credentials are
 * set, loads the built connector (lib/index.js) the way Logto does, and routes the browser's
 * requests to the Logto-like host and the pages.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { type AddressInfo } from 'node:net';

import { type CreateConnector, type SocialConnector } from '@logto/connector-kit';

import { DEFAULT_CLIENT, startHuggingFaceProvider } from '../stand-in/index.js';
import { createConnectorSessionStore } from '../tooling/logto-session.js';

import { createLogtoHost, logtoStatusOf, type Browser } from './logto-host.js';
import { renderDeclinedPage, renderErrorPage, renderHomePage, renderNoticePage } from './pages.js';
import { renderResultPage } from './result-page.js';
import { DEFAULT_PORT, readSettings } from './settings.js';
import { callWhoAmI, STEP_UP_SCOPE } from './your-app.js';

/** What lib/index.js exports, as Logto and the playground use it. */
type ConnectorPackage = {
  default: CreateConnector<SocialConnector>;
  createHuggingFaceConnector: (options: { issuer: string }) => CreateConnector<SocialConnector>;
};

const BROWSER_COOKIE = /(?:^|; *)playground_browser=([\w-]{36})(?:;|$)/;
const MAX_BROWSERS = 1_000;

type Answer = { status: number; body: string; type?: string } | { location: string };

export type Playground = Awaited<ReturnType<typeof startPlayground>>;

export function describeListenFailure(error: unknown, port: number): Error {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error as Error;
  const another = port === DEFAULT_PORT ? DEFAULT_PORT + 1 : DEFAULT_PORT;
  return new Error(
    `Port ${port} is already in use, perhaps by another playground. Stop that program, or pick another port: PORT=${another} npm start (PORT=0 picks a free one).`,
    { cause: error }
  );
}

/** Starts the playground. lib/ must be built (tooling/build-check.ts). */
export async function startPlayground(env = process.env) {
  const settings = readSettings(env);
  const { mode } = settings;
  const provider = mode === 'embedded' ? await startHuggingFaceProvider() : undefined;
  const server = http.createServer();
  const close = async () => {
    server.closeAllConnections();
    await Promise.all([new Promise((resolve) => server.close(resolve)), provider?.close()]);
  };
  try {
    server.listen(settings.port, 'localhost');
    await once(server, 'listening').catch((error) => {
      throw describeListenFailure(error, settings.port);
    });
    // The redirect URI a real Hugging Face app registers; cookies only work on this exact host.
    const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    const redirectUri = `${origin}/callback`;
    const issuer = provider?.issuer ?? 'https://huggingface.co';
    const library = new URL('../lib/index.js', import.meta.url).href;
    const connectorPackage = (await import(library)) as ConnectorPackage;
    const { clientId, clientSecret } = settings.credentials ?? DEFAULT_CLIENT;
    const { scope, allowedOrganizations } = settings;
    // Hugging Face shares a member's role only in an organization the app asks for: ask for one.
    const orgIds = settings.orgIds ?? provider?.users[0]?.orgs[0]?.sub;
    const config = { clientId, clientSecret, scope, orgIds, allowedOrganizations };
    const host = await createLogtoHost(
      provider ? connectorPackage.createHuggingFaceConnector({ issuer }) : connectorPackage.default,
      config,
      redirectUri,
      provider && (() => provider.stats)
    );
    const homePage = renderHomePage(mode, issuer, redirectUri, config);
    const logo = await readFile(new URL('../logo.svg', import.meta.url), 'utf8');
    const favicon = () => ({ status: 200, body: logo, type: 'image/svg+xml' });

    const routes: Record<string, (browser: Browser, url: URL) => Promise<Answer> | Answer> = {
      'GET /': () => ({ status: 200, body: homePage }),
      'GET /favicon.svg': favicon,
      'GET /favicon.ico': favicon,
      'POST /sign-in': async (browser) => ({ location: await host.authorize(browser) }),
      async 'GET /callback'(browser, url) {
        const query = Object.fromEntries(url.searchParams);
        const stepUp = browser.authorization?.stepUpScope !== undefined;
        try {
          const kind = await host.finishAuthorization(browser, query);
          // Leave the callback URL at once, so a reload cannot replay its one-time code.
          return { location: kind === 'step-up' ? '/result#step-up' : '/result' };
        } catch (error) {
          if (query.error !== 'access_denied' || logtoStatusOf(error) !== 401) throw error;
          return { status: 200, body: renderDeclinedPage(mode, error, stepUp) };
        }
      },
      'GET /result': ({ signIn }) =>
        signIn ? { status: 200, body: renderResultPage(mode, signIn, config) } : { location: '/' },
      'POST /refresh': async (browser) => ({
        location: (await host.refreshTokens(browser)) ? '/result#refreshed' : '/',
      }),
      async 'POST /app/whoami'({ signIn }) {
        if (!signIn) return { location: '/' };
        signIn.vault.apiCall = await callWhoAmI(issuer, signIn.vault.tokens.access_token ?? '');
        return { location: '/result#your-app' };
      },
      // The Account API's step-up, for a browser that has signed in.
      'POST /step-up': async (browser) => ({
        location: browser.signIn ? await host.authorize(browser, STEP_UP_SCOPE) : '/',
      }),
    };

    async function answer(method: string, url: URL, browser: Browser): Promise<Answer> {
      const route = routes[`${method} ${url.pathname}`];
      if (!route) {
        const message = `Nothing answers ${method} ${url.pathname} here.`;
        return { status: 404, body: renderNoticePage(mode, 'Page not found', message) };
      }
      try {
        return await route(browser, url);
      } catch (error) {
        const status = logtoStatusOf(error);
        if (status === 500) console.error('[playground] not a ConnectorError', error);
        return { status, body: renderErrorPage(mode, url.pathname, error, status) };
      }
    }

    const browsers = new Map<string, Browser>();
    /** The state of the browser that sent `req`; a new browser gets a cookie and a fresh state. */
    function browserOf(req: http.IncomingMessage, res: http.ServerResponse): Browser {
      const known = browsers.get(BROWSER_COOKIE.exec(req.headers.cookie ?? '')?.[1] ?? '');
      if (known) return known;
      const id = crypto.randomUUID();
      // Lax still sends the cookie when Hugging Face redirects the browser back to /callback.
      res.setHeader('Set-Cookie', `playground_browser=${id}; Path=/; HttpOnly; SameSite=Lax`);
      const browser = { session: createConnectorSessionStore() };
      browsers.set(id, browser);
      // A Map keeps insertion order: forget the oldest browser, so memory stays bounded.
      if (browsers.size > MAX_BROWSERS) browsers.delete(browsers.keys().next().value ?? '');
      return browser;
    }

    const issuerOrigin = new URL(issuer).origin;
    const headers = {
      'Cache-Control': 'no-store',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' ${provider ? issuerOrigin : 'https:'}; base-uri 'none'; form-action 'self' ${issuerOrigin}; frame-ancestors 'none'`,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    };
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', origin);
      // Opened as 127.0.0.1 or similar: the cookie would not reach /callback on localhost.
      if (req.method === 'GET' && req.headers.host !== url.host) {
        res.writeHead(307, { Location: `${origin}${url.pathname}${url.search}` }).end();
        return;
      }
      answer(req.method ?? '', url, browserOf(req, res))
        .then((reply) => {
          if ('location' in reply)
            return res.writeHead(303, { ...headers, Location: reply.location }).end();
          const type = reply.type ?? 'text/html; charset=utf-8';
          res.writeHead(reply.status, { ...headers, 'Content-Type': type }).end(reply.body);
        })
        .catch((error: unknown) => {
          console.error('[playground] unexpected error', error);
          res.writeHead(500).end('Unexpected error in the playground.');
        });
    });
    return { url: `${origin}/`, issuer, provider, close };
  } catch (error) {
    await close();
    throw error;
  }
}
