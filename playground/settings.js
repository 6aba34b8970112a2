/** What the playground runs against, read from environment variables. */

export const EMBEDDED_DEFAULT_SCOPE = 'openid profile email read-memberships';
export const REAL_DEFAULT_SCOPE = 'openid profile email';

/**
 * @typedef {object} Settings
 * @property {'embedded' | 'real'} mode
 * @property {number} port
 * @property {string} scope
 * @property {{ clientId: string, clientSecret: string } | undefined} credentials only in real mode
 * @property {string | undefined} orgIds an organization to ask access to (the connector's `orgIds`)
 */

/** @param {string | undefined} value */
const present = (value) => (value === undefined || value.trim() === '' ? undefined : value);

/**
 * @param {Record<string, string | undefined>} env
 * @param {{ port?: number }} [overrides] a port given by code wins over PORT
 * @returns {Settings}
 */
export function readSettings(env, { port } = {}) {
  const clientId = present(env.HF_CLIENT_ID);
  const clientSecret = present(env.HF_CLIENT_SECRET);
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    throw new Error(
      'Set both HF_CLIENT_ID and HF_CLIENT_SECRET to use real Hugging Face, or neither to use the embedded test provider.'
    );
  }
  const mode = clientId ? 'real' : 'embedded';
  return {
    mode,
    port: port ?? parsePort(env.PORT),
    scope: present(env.HF_SCOPE) ?? (mode === 'real' ? REAL_DEFAULT_SCOPE : EMBEDDED_DEFAULT_SCOPE),
    credentials: clientId && clientSecret ? { clientId, clientSecret } : undefined,
    orgIds: present(env.HF_ORG_IDS),
  };
}

/** @param {string | undefined} value */
function parsePort(value) {
  if (present(value) === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${value}".`);
  }
  return port;
}
