/**
 * The playground's web server: starts the embedded provider when no real credentials are set,
 * loads the built connector, and routes browser requests to the Logto-like host and the pages.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';

import type * as ConnectorModule from '../src/index.js';

import { STEP_UP_SCOPE } from './app-panel.js';
import { createBoundedMap } from './bounded-map.js';
import {
  classifyConnectorFailure,
  createLogtoHost,
  StepUpAccountMismatchError,
  type LogtoHost,
} from './logto-host.js';
import {
  renderErrorPage,
  renderHomePage,
  renderNoticePage,
  type HomePageInput,
  type Step,
} from './pages.js';
import { startHuggingFaceProvider, type HuggingFaceProvider } from './provider/index.js';
import { renderResultPage } from './result-page.js';
import { DEFAULT_PORT, readSettings, type Environment, type Mode } from './settings.js';
import { callWhoAmI, type ApiCall } from './your-app.js';

type ConnectorPackage = typeof ConnectorModule;

const BROWSER_COOKIE = 'playground_browser';
const BROWSER_ID = /^[\w-]{24}$/;
const CONNECTOR_ID = 'huggingface-playground';
const HUGGING_FACE_ISSUER = 'https://huggingface.co';
const MAX_BROWSERS = 1_000;

const securityHeaders = (imageSources: string) => ({
  'Cache-Control': 'no-store',
  'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src ${imageSources} data:; base-uri 'none'; form-action 'self' ${HUGGING_FACE_ISSUER} http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
});

export type Playground = {
  /** The home page. */
  url: string;
  mode: Mode;
  issuer: string;
  /** The embedded provider; undefined in real mode. */
  provider: HuggingFaceProvider | undefined;
  close: () => Promise<void>;
};

/** Why the playground could not listen, and what to do about it. */
export function describeListenFailure(error: unknown, port: number): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const another = port === DEFAULT_PORT ? DEFAULT_PORT + 1 : DEFAULT_PORT;
  if (code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} is already in use, perhaps by another playground. Stop that program, or pick another port: PORT=${another} npm start (PORT=0 picks a free one).`,
      { cause: error }
    );
  }
  if (code === 'EACCES') {
    return new Error(
      `Port ${port} needs administrator rights. Pick a port from 1024 up: PORT=${another} npm start (PORT=0 picks a free one).`,
      { cause: error }
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function listen(server: http.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(describeListenFailure(error, port)));
    server.listen(port, 'localhost', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Starts the playground. The connector must already be built (see build.ts). */
export async function startPlayground({
  port,
  env = process.env,
}: { port?: number; env?: Environment } = {}): Promise<Playground> {
  const settings = readSettings(env, { port });
  const provider = settings.mode === 'embedded' ? await startHuggingFaceProvider() : undefined;
  const server = http.createServer();
  try {
    const actualPort = await listen(server, settings.port);
    // The redirect URI a real Hugging Face app registers; cookies only work on this exact host.
    const origin = `http://localhost:${actualPort}`;
    const redirectUri = `${origin}/callback`;

    const connectorPackage = (await import(
      new URL('../lib/index.js', import.meta.url).href
    )) as ConnectorPackage;
    const issuer = provider?.issuer ?? HUGGING_FACE_ISSUER;
    const createConnector = provider
      ? connectorPackage.createHuggingFaceConnector({ issuer })
      : connectorPackage.default;
    const client = provider?.clients[0];
    const clientId = settings.credentials?.clientId ?? client?.clientId ?? '';
    const config = {
      clientId,
      clientSecret: settings.credentials?.clientSecret ?? client?.clientSecret ?? '',
      scope: settings.scope,
      ...(settings.orgIds && { orgIds: settings.orgIds }),
      ...(settings.allowedOrganizations && {
        allowedOrganizations: settings.allowedOrganizations,
      }),
    };
    const host = await createLogtoHost({
      createConnector,
      config,
      redirectUri,
      connectorId: CONNECTOR_ID,
    });

    const app: App = {
      origin,
      mode: settings.mode,
      host,
      apiBase: issuer,
      apiCalls: createBoundedMap<ApiCall>(MAX_BROWSERS),
      headers: securityHeaders(provider ? `'self' ${new URL(issuer).origin}` : 'https:'),
      home: {
        mode: settings.mode,
        issuer,
        clientId,
        scope: settings.scope,
        redirectUri,
        orgIds: settings.orgIds,
        allowedOrganizations: settings.allowedOrganizations,
        sampleUsers: provider?.users ?? [],
      },
    };
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      handleRequest(req, res, app).catch((error: unknown) => {
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
          new Promise<void>((resolve) => {
            server.close(() => resolve());
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

type App = {
  origin: string;
  mode: Mode;
  host: LogtoHost;
  /** Where "your app" calls Hugging Face's API: the embedded provider or huggingface.co. */
  apiBase: string;
  /** The last API call of each browser's app. */
  apiCalls: ReturnType<typeof createBoundedMap<ApiCall>>;
  headers: Record<string, string>;
  home: HomePageInput;
};

type RequestContext = {
  req: http.IncomingMessage;
  url: URL;
  browserId: string;
  app: App;
  send: (status: number, body: string) => void;
  redirect: (location: string) => void;
  failed: (step: Step, error: unknown) => void;
};

type Route = (context: RequestContext) => Promise<void> | void;

const ROUTES: Record<string, Record<string, Route>> = {
  '/': {
    GET: ({ app, send }) => send(200, renderHomePage(app.home)),
  },
  '/sign-in': {
    async POST({ req, browserId, app, redirect, failed }) {
      let authorizationUri;
      try {
        authorizationUri = await app.host.startSignIn(browserId, {
          userAgent: req.headers['user-agent'],
        });
      } catch (error) {
        return failed('start', error);
      }
      redirect(authorizationUri);
    },
  },
  '/callback': {
    async GET({ url, browserId, app, send, redirect, failed }) {
      let kind;
      try {
        ({ kind } = await app.host.finishAuthorization(
          browserId,
          Object.fromEntries(url.searchParams)
        ));
      } catch (error) {
        if (!(error instanceof StepUpAccountMismatchError)) return failed('callback', error);
        return send(
          422,
          renderNoticePage({ mode: app.mode, title: 'Step-up refused', message: error.message })
        );
      }
      // The app's last call used tokens that Logto no longer keeps.
      app.apiCalls.take(browserId);
      // Leave the callback URL at once, so a reload cannot replay its one-time code.
      redirect(kind === 'step-up' ? '/result#step-up' : '/result');
    },
  },
  '/result': {
    GET({ browserId, app, send, redirect }) {
      const signIn = app.host.signInOf(browserId);
      if (!signIn) return redirect('/');
      send(200, renderResultPage({ mode: app.mode, signIn, apiCall: app.apiCalls.get(browserId) }));
    },
  },
  '/refresh': {
    async POST({ browserId, app, redirect, failed }) {
      let signIn;
      try {
        signIn = await app.host.refreshTokens(browserId);
      } catch (error) {
        return failed('refresh', error);
      }
      redirect(signIn ? '/result#refreshed' : '/');
    },
  },
  '/app/whoami': {
    async POST({ browserId, app, redirect }) {
      const signIn = app.host.signInOf(browserId);
      if (!signIn) return redirect('/');
      const apiCall = await callWhoAmI({
        apiBase: app.apiBase,
        accessToken: signIn.vaultTokens.access_token ?? '',
        tokenSource: signIn.vaultSource,
      });
      app.apiCalls.set(browserId, apiCall);
      redirect('/result#your-app');
    },
  },
  '/step-up': {
    async POST({ req, browserId, app, redirect, failed }) {
      let authorizationUri;
      try {
        authorizationUri = await app.host.startStepUp(browserId, {
          userAgent: req.headers['user-agent'],
          scope: STEP_UP_SCOPE,
        });
      } catch (error) {
        return failed('step-up', error);
      }
      redirect(authorizationUri ?? '/');
    },
  },
  '/favicon.ico': {
    GET: ({ send }) => send(204, ''),
  },
};

async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse, app: App) {
  req.resume();
  const url = new URL(req.url ?? '/', app.origin);
  const { mode } = app;
  const send = (status: number, body: string) => {
    res.writeHead(status, {
      ...app.headers,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  const redirect = (location: string, status = 303) => {
    res.writeHead(status, { ...app.headers, Location: location, 'Content-Length': 0 });
    res.end();
  };

  // Opened as 127.0.0.1 or similar: the cookie would not reach /callback on localhost.
  if (req.method === 'GET' && req.headers.host !== new URL(app.origin).host) {
    return redirect(`${app.origin}${url.pathname}${url.search}`, 307);
  }

  const methods = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
  if (!methods) {
    const message = `Nothing here at ${url.pathname}.`;
    return send(404, renderNoticePage({ mode, title: 'Page not found', message }));
  }
  const method = req.method ?? '';
  const route = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!route) {
    const allowed = Object.keys(methods).join(', ');
    res.setHeader('Allow', allowed);
    const message = `${url.pathname} only answers ${allowed}.`;
    return send(405, renderNoticePage({ mode, title: 'Method not allowed', message }));
  }

  const browser = browserOf(req);
  if (browser.setCookie) res.setHeader('Set-Cookie', browser.setCookie);
  const failed = (step: Step, error: unknown) => {
    const { isConnectorError, status } = classifyConnectorFailure(error);
    if (!isConnectorError) {
      console.error('[playground] the connector threw a non-ConnectorError', error);
    }
    send(status, renderErrorPage({ mode, step, error, status, isConnectorError }));
  };
  return route({ req, url, browserId: browser.id, app, send, redirect, failed });
}

/** The browser's id from its cookie, or a new one to set. */
function browserOf(req: http.IncomingMessage): { id: string; setCookie?: string } {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [name, value = ''] = pair.trim().split('=');
    if (name === BROWSER_COOKIE && BROWSER_ID.test(value)) return { id: value };
  }
  const id = randomBytes(18).toString('base64url');
  // Lax still sends the cookie when Hugging Face redirects the browser back to /callback.
  return { id, setCookie: `${BROWSER_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` };
}
