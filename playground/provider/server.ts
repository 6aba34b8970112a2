/** The HTTP(S) server: routes, CORS for the routes added here, request and connection counters. */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { type Socket } from 'node:net';

export type ProviderStats = {
  /** Requests received, by pathname. */
  requests: Record<string, number>;
  /** TCP connections accepted (a keep-alive client reuses one). */
  connections: number;
  /** TLS sessions established (0 over plain HTTP). */
  tlsHandshakes: number;
};

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const MAX_DISTINCT_PATHS = 200;

/** Endpoints a browser app may call directly (huggingface.js calls them from the browser). */
const CORS_PATHS = new Set(['/oauth/userinfo', '/api/whoami-v2']);

/** Creates (but does not start) the server; `handle` answers every request. */
export function createProviderServer(tls: https.ServerOptions | undefined, handle: RequestHandler) {
  const stats: ProviderStats = { requests: {}, connections: 0, tlsHandshakes: 0 };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://provider.invalid');
    const counted =
      pathname in stats.requests || Object.keys(stats.requests).length < MAX_DISTINCT_PATHS
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
        });
        res.end();
        return;
      }
    }
    handle(req, res).catch((error: unknown) => {
      console.error('[huggingface-provider] unexpected error', error);
      if (res.headersSent) res.destroy();
      else
        res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"server_error"}');
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  // Longer than typical client idle timeouts, so a keep-alive client is never cut off mid-run.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  if (tls) server.on('secureConnection', () => (stats.tlsHandshakes += 1));

  return {
    server,
    stats,
    resetStats: () => {
      stats.requests = {};
      stats.connections = 0;
      stats.tlsHandshakes = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
