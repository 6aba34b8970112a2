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

/**
 * Logto's session store on the interaction path: `getSession` reads the session once and deletes
 * it. A class rather than closures: tsx keeps function names with a helper that would otherwise
 * run for every closure of every sign-in, a cost Logto does not have.
 */
class SessionStore {
  private stored: ConnectorSession | undefined;

  readonly setSession = this.set.bind(this);
  readonly getSession = this.get.bind(this);

  private set(session: ConnectorSession) {
    this.stored = session;

    return Promise.resolve();
  }

  private get() {
    const session = this.stored ?? {};
    this.stored = undefined;

    return Promise.resolve(session);
  }
}

export type ConnectorSignInOptions = {
  createConnector: CreateConnector<AllConnector>;
  config: { clientId: string; clientSecret: string; scope: string };
  redirectUri: string;
};

export const createConnectorSignIn = ({
  createConnector,
  config,
  redirectUri,
}: ConnectorSignInOptions) => {
  const getConfig = () => Promise.resolve({ ...config });

  return async (index: number, stopwatch: Stopwatch): Promise<unknown> => {
    const { setSession, getSession } = new SessionStore();
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
};
