/**
 * One sign-in as Logto drives it: a request that builds a connector and asks for the
 * authorization URL (storing the connector session), the browser's trip to Hugging Face, then a
 * second request that builds a new connector and exchanges the callback for the user's profile.
 */

export const redirectUri = 'http://127.0.0.1:3001/callback/huggingface-bench';

/** Logto's `getSession` on the interaction path: reads the session once and deletes it. */
const createSessionStore = () => {
  let stored;

  return {
    setSession: async (session) => {
      stored = session;
    },
    getSession: async () => {
      const session = stored ?? {};
      stored = undefined;

      return session;
    },
  };
};

/**
 * @param {{
 *   createConnector: (options: { getConfig: () => Promise<unknown> }) => Promise<any>,
 *   config: Record<string, string>,
 *   authorize: (authorizationUrl: string) => Promise<string>,
 *   expectedUserId: string,
 *   index: number,
 *   meter?: { elapsedMs: number, cpuMicros: number },
 * }} options `authorize` plays browser and consent page and returns the code; when `meter` is
 *   given, the time and CPU spent inside the connector (not in `authorize`) are added to it
 */
export const signInLikeLogto = async ({ createConnector, config, authorize, expectedUserId, index, meter }) => {
  const getConfig = async () => ({ ...config });
  const { setSession, getSession } = createSessionStore();
  const state = `bench-state-${index}`;

  const startedAt = meter && performance.now();
  const cpuAtStart = meter && process.cpuUsage();
  const first = await createConnector({ getConfig });
  const authorizationUrl = await first.getAuthorizationUri(
    { state, redirectUri, connectorId: 'bench', connectorFactoryId: 'bench', jti: `jti-${index}`, headers: {} },
    setSession
  );
  const firstCpu = meter && process.cpuUsage(cpuAtStart);
  const firstMs = meter && performance.now() - startedAt;

  const code = await authorize(authorizationUrl);

  const resumedAt = meter && performance.now();
  const cpuAtResume = meter && process.cpuUsage();
  const second = await createConnector({ getConfig });
  const userInfo = await second.getUserInfo({ code, state, redirectUri }, getSession);

  if (meter) {
    const secondCpu = process.cpuUsage(cpuAtResume);
    meter.elapsedMs = firstMs + (performance.now() - resumedAt);
    meter.cpuMicros = firstCpu.user + firstCpu.system + secondCpu.user + secondCpu.system;
  }

  if (userInfo?.id !== expectedUserId) {
    throw new Error(`Sign-in ${index} returned user ${JSON.stringify(userInfo?.id)}, expected ${expectedUserId}`);
  }
};
