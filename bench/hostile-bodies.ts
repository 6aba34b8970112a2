/**
 * Memory and time of one sign-in when Hugging Face's userinfo answer is hostile: a 50 MB body
 * (announced, then chunked), an endless body sent as fast as the socket takes it, a body that
 * drips one byte every 200 ms, and headers that never come. Garbage collection runs every 20 ms during each sign-in, the
 * condition under which a deadline built on AbortSignal.any used to be lost (Node issue #57736).
 *
 *   npx tsx bench/hostile-bodies.ts                     # the built lib/ (run npm run build first)
 *   npx tsx bench/hostile-bodies.ts /tmp/before/lib/index.js   # any other build of the package
 *
 * Each scenario runs in its own process (so RSS growth is its own) against its own provider stub on
 * 127.0.0.1, and is stopped by the bench after `giveUpAfterMs` if the connector is still reading,
 * so a connector without a working deadline shows as "still reading". "JS memory" is V8 heap plus
 * the Buffers/ArrayBuffers held outside it.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { createHuggingFaceConnector as CreateConnector } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const libPath = path.resolve(
  process.argv[2] ?? new URL('../lib/index.js', import.meta.url).pathname
);
const { createHuggingFaceConnector } = (await import(pathToFileURL(libPath).href)) as {
  createHuggingFaceConnector: typeof CreateConnector;
};

const timeoutMs = 2000;
const giveUpAfterMs = 15_000;
const megabyte = 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 'a');

type Scenario = { name: string; send: (response: ServerResponse) => void };

/** A JSON profile whose `padding` field makes the body `size` bytes long. */
const sendLargeProfile = (response: ServerResponse, size: number, announced: boolean) => {
  const head = Buffer.from('{"sub":"62f264b9f3c90f4b6514a269","padding":"');
  const tail = Buffer.from('"}');
  let remaining = size - head.length - tail.length;
  response.writeHead(200, {
    'content-type': 'application/json',
    ...(announced && { 'content-length': String(size) }),
  });
  response.write(head);
  const pump = () => {
    while (remaining > 0) {
      const part = chunk.subarray(0, Math.min(chunk.length, remaining));
      remaining -= part.length;

      if (!response.write(part)) {
        response.once('drain', pump);

        return;
      }
    }

    response.end(tail);
  };
  pump();
};

const scenarios: Scenario[] = [
  {
    name: '50 MB, Content-Length',
    send: (response) => sendLargeProfile(response, 50 * megabyte, true),
  },
  { name: '50 MB, chunked', send: (response) => sendLargeProfile(response, 50 * megabyte, false) },
  {
    name: 'endless, full speed',
    send: (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"sub":"62f264b9f3c90f4b6514a269","padding":"');
      const pump = () => {
        while (!response.destroyed && response.write(chunk));

        if (!response.destroyed) {
          response.once('drain', pump);
        }
      };
      pump();
    },
  },
  {
    name: 'drip, 1 byte / 200 ms',
    send: (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => response.write(' '), 200);
      response.on('close', () => clearInterval(timer));
    },
  },
  {
    name: 'headers never come',
    send: () => {
      // Holds the connection open without a word.
    },
  },
];

const tokenBody = JSON.stringify({
  access_token: 'hf_oauth_bench_access',
  token_type: 'bearer',
  expires_in: 28_800,
});

const mb = (bytes: number) => `${(bytes / megabyte).toFixed(1).padStart(7)} MB`;

const run = async ({ name, send }: Scenario) => {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    if (request.url === '/oauth/token') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(tokenBody);
    } else {
      send(response);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const connector = await createHuggingFaceConnector({
    issuer: `http://127.0.0.1:${port}`,
    timeoutMs,
  })({
    getConfig: () => Promise.resolve({ clientId: 'bench-client', clientSecret: 'bench-secret' }),
  });

  const jsMemory = ({ heapUsed, external }: NodeJS.MemoryUsage) => heapUsed + external;
  gc();
  const before = process.memoryUsage();
  let peakJs = jsMemory(before);
  let peakRss = before.rss;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    peakJs = Math.max(peakJs, jsMemory(now));
    peakRss = Math.max(peakRss, now.rss);
    gc();
  }, 20);

  const started = performance.now();
  const signIn = connector
    .getUserInfo({ code: 'bench-code', state: 'bench-state' }, () =>
      Promise.resolve({
        redirectUri: 'https://auth.example.com/callback',
        state: 'bench-state',
        codeVerifier: 'bench-verifier-bench-verifier-bench-verifier-123',
      })
    )
    .then(
      () => 'signed in',
      (error: unknown) => {
        const { code, data } = error as { code?: string; data?: { message?: string } };

        return `${code ?? 'no code'}: ${(data?.message ?? String(error)).slice(0, 90)}`;
      }
    );
  let giveUp: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    signIn,
    new Promise<string>((resolve) => {
      giveUp = setTimeout(
        () => resolve(`still reading after ${giveUpAfterMs / 1000} s`),
        giveUpAfterMs
      );
    }),
  ]);
  const elapsed = performance.now() - started;
  clearTimeout(giveUp);
  clearInterval(sample);

  for (const socket of sockets) {
    socket.destroy();
  }

  server.close();
  await signIn;

  console.log(
    `${name.padEnd(24)} ${(elapsed / 1000).toFixed(2).padStart(6)} s  JS memory peak +${mb(peakJs - jsMemory(before))}  RSS peak +${mb(peakRss - before.rss)}  → ${outcome}`
  );
};

const onlyScenario = process.argv[3];

if (onlyScenario === undefined) {
  console.log(`lib: ${libPath}; deadline ${timeoutMs} ms; Node ${process.version}`);

  for (const { name } of scenarios) {
    const script = fileURLToPath(import.meta.url);
    execFileSync(process.execPath, [...process.execArgv, script, libPath, name], {
      stdio: 'inherit',
    });
  }
} else {
  await run(scenarios.find(({ name }) => name === onlyScenario)!);
}
