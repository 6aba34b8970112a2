/** What the playground runs against, read from environment variables. */

export const DEFAULT_PORT = 3000;

export type Mode = 'embedded' | 'real';

const present = (value: string | undefined) => value?.trim() || undefined;

export function readSettings(env: NodeJS.ProcessEnv) {
  const clientId = present(env.HF_CLIENT_ID);
  const clientSecret = present(env.HF_CLIENT_SECRET);
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    throw new Error(
      'Set both HF_CLIENT_ID and HF_CLIENT_SECRET to use real Hugging Face, or neither to use the stand-in.'
    );
  }
  const credentials = clientId && clientSecret ? { clientId, clientSecret } : undefined;
  const mode: Mode = credentials ? 'real' : 'embedded';
  return {
    mode,
    port: parsePort(env.PORT),
    credentials,
    scope:
      present(env.HF_SCOPE) ??
      (credentials ? 'openid profile email' : 'openid profile email read-memberships'),
    /** The connector's `orgIds` (Request organization access). */
    orgIds: present(env.HF_ORG_IDS),
    /** The connector's `allowedOrganizations`, role floors included (acme:write). */
    allowedOrganizations: present(env.HF_ALLOWED_ORGANIZATIONS),
  };
}

function parsePort(value = ''): number {
  const port = value.trim() === '' ? DEFAULT_PORT : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${value}".`);
  }
  return port;
}
