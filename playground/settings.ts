/** What the playground runs against, read from environment variables. */

export const EMBEDDED_DEFAULT_SCOPE = 'openid profile email read-memberships';
export const REAL_DEFAULT_SCOPE = 'openid profile email';
export const DEFAULT_PORT = 3000;

export type Mode = 'embedded' | 'real';

export type Settings = {
  mode: Mode;
  port: number;
  scope: string;
  /** Only in real mode. */
  credentials: { clientId: string; clientSecret: string } | undefined;
  /** An organization to ask access to (the connector's `orgIds`), from HF_ORG_IDS. */
  orgIds: string | undefined;
  /** Organizations a user must belong to (the connector's `allowedOrganizations`), from HF_ALLOWED_ORGANIZATIONS. */
  allowedOrganizations: string | undefined;
};

export type Environment = Record<string, string | undefined>;

const present = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/** A port given by code wins over PORT. */
export function readSettings(env: Environment, overrides: { port?: number } = {}): Settings {
  const clientId = present(env.HF_CLIENT_ID);
  const clientSecret = present(env.HF_CLIENT_SECRET);
  const credentials = clientId && clientSecret ? { clientId, clientSecret } : undefined;
  if (!credentials && (clientId ?? clientSecret)) {
    throw new Error(
      'Set both HF_CLIENT_ID and HF_CLIENT_SECRET to use real Hugging Face, or neither to use the embedded test provider.'
    );
  }
  const mode: Mode = credentials ? 'real' : 'embedded';
  return {
    mode,
    port: overrides.port ?? parsePort(env.PORT),
    scope: present(env.HF_SCOPE) ?? (mode === 'real' ? REAL_DEFAULT_SCOPE : EMBEDDED_DEFAULT_SCOPE),
    credentials,
    orgIds: present(env.HF_ORG_IDS),
    allowedOrganizations: present(env.HF_ALLOWED_ORGANIZATIONS),
  };
}

function parsePort(value: string | undefined): number {
  if (present(value) === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${value}".`);
  }
  return port;
}
