/** The HTTP(S) server: counts requests, connections and TLS handshakes, and closes at once. */
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';

/** Requests by pathname, TCP connections accepted, TLS sessions established. */
export type ProviderStats = {
  requests: Record<string, number>;
  connections: number;
  tlsHandshakes: number;
};

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

type Settings = { tls: https.ServerOptions | undefined; sendKeepAliveHint: boolean };

export function createServer({ tls, sendKeepAliveHint }: Settings, handle: RequestHandler) {
  const stats: ProviderStats = { requests: {}, connections: 0, tlsHandshakes: 0 };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://stand-in.invalid');
    // At most 200 paths are counted apart, so that a scan cannot grow the stats.
    const counted = Object.keys(stats.requests).length < 200 ? pathname : '(other)';
    const path = pathname in stats.requests ? pathname : counted;
    stats.requests[path] = (stats.requests[path] ?? 0) + 1;
    handle(req, res).catch((error: unknown) => {
      console.error('[huggingface stand-in]', error);
      res.destroy();
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  // Node sends `Keep-Alive: timeout=…` when it closes idle connections itself. huggingface.co
  // sends none: 0 keeps them until the client closes them. 65 s outlasts usual client timeouts.
  server.keepAliveTimeout = sendKeepAliveHint ? 65_000 : 0;
  server.headersTimeout = 66_000;
  server.on('connection', () => (stats.connections += 1));
  server.on('secureConnection', () => (stats.tlsHandshakes += 1));
  return {
    server,
    stats,
    listen: (port: number, host: string) => once(server.listen(port, host), 'listening'),
    resetStats: () => Object.assign(stats, { requests: {}, connections: 0, tlsHandshakes: 0 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
