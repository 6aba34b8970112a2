/**
 * One sign-in as Logto drives a connector: a request that builds a connector and asks for the
 * authorization URL (storing the connector session), the browser's trip to Hugging Face (not
 * measured), then a second request that builds a new connector and exchanges the callback for
 * the user's profile.
 */
import type {
  AllConnector,
  ConnectorSession,
  CreateConnector,
  SocialConnector,
} from '@logto/connector-kit';

import { consent } from './authorization-code.js';
import type { Stopwatch } from './stopwatch.js';

/** Logto's `getSession` on the interaction path: reads the session once and deletes it. */
const createSessionStore = () => {
  let stored: ConnectorSession | undefined;

  return {
    setSession: (session: ConnectorSession) => {
      stored = session;

      return Promise.resolve();
    },
    getSession: () => {
      const session = stored ?? {};
      stored = undefined;

      return Promise.resolve(session);
    },
  };
};

export type ConnectorSignInOptions = {
  createConnector: CreateConnector<AllConnector>;
  config: { clientId: string; clientSecret: string; scope: string };
  redirectUri: string;
};

export const createConnectorSignIn =
  ({ createConnector, config, redirectUri }: ConnectorSignInOptions) =>
  async (index: number, stopwatch: Stopwatch): Promise<unknown> => {
    const getConfig = () => Promise.resolve({ ...config });
    const { setSession, getSession } = createSessionStore();
    const state = `bench-state-${index}`;

    const first = (await createConnector({ getConfig })) as SocialConnector;
    const authorizationUrl = await first.getAuthorizationUri(
      {
        state,
        redirectUri,
        connectorId: 'bench',
        connectorFactoryId: 'bench',
        jti: `jti-${index}`,
        headers: {},
      },
      setSession
    );

    stopwatch.pause();
    const code = consent(authorizationUrl, config.clientId);
    stopwatch.resume();

    const second = (await createConnector({ getConfig })) as SocialConnector;
    const userInfo = await second.getUserInfo({ code, state, redirectUri }, getSession);

    return userInfo.id;
  };
