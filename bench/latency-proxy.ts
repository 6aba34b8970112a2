/**
 * The network between Logto and huggingface.co, on loopback: a TCP proxy in front of the stand-in
 * that holds every chunk RTT/2 in each direction, and a new connection's first bytes one RTT more
 * (the TCP handshake, which a loopback connect does not pay). Like a load balancer it closes
 * connections idle for 60 s. It forwards bytes only, so TLS is end to end and nothing is added
 * to the HTTP answers (no Keep-Alive hint).
 */
import { once } from 'node:events';
import net from 'node:net';

/** Copies `from` to `to` in order, each chunk (and the end) no earlier than `delayMs` after it came. */
const delayedPipe = (from: net.Socket, to: net.Socket, delayMs: number, notBefore: number) => {
  const queue: Array<{ due: number; chunk: Buffer | 'end' }> = [];
  let timer: NodeJS.Timeout | undefined;

  const drain = () => {
    timer = undefined;
    while (queue[0] && queue[0].due <= performance.now()) {
      const { chunk } = queue.shift()!;
      if (to.destroyed) return;
      if (chunk === 'end') to.end();
      else to.write(chunk);
    }
    if (queue[0]) timer = setTimeout(drain, queue[0].due - performance.now());
  };
  const push = (chunk: Buffer | 'end') => {
    queue.push({ due: Math.max(performance.now(), notBefore) + delayMs, chunk });
    timer ??= setTimeout(drain, queue[0]!.due - performance.now());
  };

  from.on('data', (chunk: Buffer) => push(chunk));
  from.on('end', () => push('end'));
};

/** Listens on 127.0.0.1:`port` and forwards to 127.0.0.1:`targetPort`. */
export const startLatencyProxy = async (port: number, targetPort: number, rttMs: number) => {
  const sockets = new Set<net.Socket>();
  let [connections, lastActivity] = [0, 0];

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    [connections, lastActivity] = [connections + 1, performance.now()];
    const upstream = net.connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('data', () => (lastActivity = performance.now()));
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.setTimeout(60_000, () => client.destroy());
    delayedPipe(client, upstream, rttMs / 2, performance.now() + rttMs);
    delayedPipe(upstream, client, rttMs / 2, 0);
  });
  await once(server.listen(port, '127.0.0.1'), 'listening');

  return {
    connections: () => connections,
    /** How long no byte has come through. */
    quietMs: () => performance.now() - lastActivity,
    closeConnections: () => sockets.forEach((socket) => socket.destroy()),
  };
};

export type LatencyProxy = Awaited<ReturnType<typeof startLatencyProxy>>;
