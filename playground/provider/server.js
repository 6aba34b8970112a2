/** The HTTP(S) server: routing, CORS for the API endpoints, request/connection counters. */
import http from 'node:http';
import https from 'node:https';

import { handleAuthorize, handleDecision } from './authorize.js';
import { buildDiscoveryDocument } from './discovery.js';
import { sendJson } from './http-io.js';
import { handleToken } from './token.js';
import { handleUserInfo } from './userinfo.js';

/** @typedef {import('./context.js').ProviderContext} ProviderContext */

/**
 * @typedef {object} ProviderStats
 * @property {Record<string, number>} requests requests received, by pathname
 * @property {number} connections TCP connections accepted (a keep-alive client reuses one)
 * @property {number} tlsHandshakes TLS sessions established (0 over plain HTTP)
 */

/** Endpoints a browser app may call directly (huggingface.js exchanges the code in the browser). */
const CORS_PATHS = new Set(['/.well-known/openid-configuration', '/oauth/jwks', '/oauth/token', '/oauth/userinfo']);
const MAX_DISTINCT_PATHS = 200;

/**
 * @type {Record<string, (context: ProviderContext, req: http.IncomingMessage,
 *   res: http.ServerResponse, url: URL) => void | Promise<void>>}
 */
const ROUTES = {
  '/.well-known/openid-configuration': (context, req, res) =>
    sendJson(res, 200, buildDiscoveryDocument(context.issuer), { 'Cache-Control': 'public, max-age=300' }),
  '/oauth/jwks': (context, req, res) =>
    sendJson(res, 200, context.keys.jwks(), { 'Cache-Control': 'public, max-age=300' }),
  '/oauth/authorize': handleAuthorize,
  '/oauth/authorize/decision': handleDecision,
  '/oauth/token': handleToken,
  '/oauth/userinfo': handleUserInfo,
};

/**
 * @param {ProviderContext} context
 * @param {ProviderStats} stats
 * @returns {http.RequestListener}
 */
function createRequestListener(context, stats) {
  return (req, res) => {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://provider.invalid');
    } catch {
      req.resume();
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Malformed request URL' });
      return;
    }
    const { pathname } = url;
    const counted =
      Object.hasOwn(stats.requests, pathname) || Object.keys(stats.requests).length < MAX_DISTINCT_PATHS
        ? pathname
        : '(other)';
    stats.requests[counted] = (stats.requests[counted] ?? 0) + 1;

    if (CORS_PATHS.has(pathname)) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'OPTIONS') {
        req.resume();
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
          'Access-Control-Max-Age': '600',
          'Content-Length': 0,
        });
        res.end();
        return;
      }
    }

    const route = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : undefined;
    if (!route) {
      req.resume();
      sendJson(res, 404, { error: 'not_found', error_description: `No endpoint at ${pathname}` });
      return;
    }
    Promise.resolve()
      .then(() => route(context, req, res, url))
      .catch((error) => {
        console.error('[huggingface-provider] unexpected error', error);
        if (res.headersSent) {
          res.destroy();
        } else {
          sendJson(res, 500, { error: 'server_error', error_description: 'Unexpected error in the test provider' });
        }
      });
  };
}

/**
 * Creates (but does not start) the server.
 * @param {ProviderContext} context
 * @param {{ tls?: import('node:https').ServerOptions }} options
 * @returns {{ server: http.Server, stats: ProviderStats, resetStats: () => void,
 *   closeAllSockets: () => void }}
 */
export function createProviderServer(context, { tls }) {
  /** @type {ProviderStats} */
  const stats = { requests: {}, connections: 0, tlsHandshakes: 0 };
  const listener = createRequestListener(context, stats);
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  // Longer than typical client idle timeouts, so a keep-alive client is never cut off mid-run.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  server.on('connection', (socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  if (tls) server.on('secureConnection', () => (stats.tlsHandshakes += 1));

  return {
    server,
    stats,
    resetStats() {
      for (const key of Object.keys(stats.requests)) delete stats.requests[key];
      stats.connections = 0;
      stats.tlsHandshakes = 0;
    },
    closeAllSockets() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
