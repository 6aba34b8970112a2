/**
 * The one imitation of how a Logto host hands a connector its session: `setSession` replaces the
 * stored session, `getSession` reads it and deletes it (Logto consumes the connector session on the
 * callback, so a second callback finds none).
 */
import type { ConnectorSession, GetSession, SetSession } from '@logto/connector-kit';

export type ConnectorSessionStore = {
  setSession: SetSession;
  getSession: GetSession;
  /** What is stored now, without consuming it. */
  peek: () => ConnectorSession | undefined;
};

export const createConnectorSessionStore = (): ConnectorSessionStore => {
  let stored: ConnectorSession | undefined;
  return {
    setSession: (session) => {
      stored = session;
      return Promise.resolve();
    },
    getSession: () => {
      const session = stored ?? {};
      stored = undefined;
      return Promise.resolve(session);
    },
    peek: () => stored,
  };
};
