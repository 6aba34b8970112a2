/**
 * The loopback Hugging Face–compatible provider, served over HTTPS as https://huggingface.co,
 * plus the few things a benchmark worker asks of it over IPC: mint an authorization code for an
 * authorization URL (what the browser and the consent page would do), read and reset counters.
 */
import { createDevCertificate } from '../playground/provider/dev-cert.js';
import { startHuggingFaceProvider } from '../playground/provider/index.js';

import { providerHostname } from './provider-dispatcher.js';

const issuer = `https://${providerHostname}`;

export const startBenchProvider = async () => {
  const tls = createDevCertificate({ hostnames: [providerHostname, 'localhost', '127.0.0.1'] });
  const provider = await startHuggingFaceProvider({ tls, issuer });
  const [client] = provider.clients;
  const [user] = provider.users;

  /** The user consents at once: a code for exactly what the authorization URL asks. */
  const mintCode = (authorizationUrl) => {
    const url = new URL(authorizationUrl);

    if (`${url.origin}${url.pathname}` !== `${issuer}/oauth/authorize`) {
      throw new Error(`Not an authorization URL of ${issuer}: ${url.origin}${url.pathname}`);
    }

    const parameter = (name) => url.searchParams.get(name) ?? undefined;

    if (parameter('client_id') !== client.clientId || parameter('response_type') !== 'code') {
      throw new Error(`Unexpected authorization request: ${url.search}`);
    }

    return provider.createAuthorizationCode({
      clientId: client.clientId,
      redirectUri: parameter('redirect_uri'),
      scope: parameter('scope') ?? '',
      userSub: user.sub,
      codeChallenge: parameter('code_challenge'),
      nonce: parameter('nonce'),
    });
  };

  const snapshot = () => ({
    requests: { ...provider.stats.requests },
    connections: provider.stats.connections,
    tlsHandshakes: provider.stats.tlsHandshakes,
  });

  const methods = { mintCode, stats: snapshot, resetStats: () => provider.resetStats() };

  return {
    port: provider.port,
    ca: tls.cert,
    client: { clientId: client.clientId, clientSecret: client.clientSecret },
    user: { sub: user.sub, email: user.email },
    /** Answers one `{ id, method, params }` message from a worker. */
    answer({ id, method, params = [] }) {
      try {
        if (!Object.hasOwn(methods, method)) throw new Error(`Unknown method ${method}`);

        return { id, result: methods[method](...params) };
      } catch (error) {
        return { id, error: error instanceof Error ? error.message : String(error) };
      }
    },
    close: () => provider.close(),
  };
};
