/**
 * The state every endpoint handler reads.
 *
 * @typedef {object} AutoConsent
 * @property {string} userSub the sample user who answers
 * @property {'allow' | 'deny'} decision the button they press
 *
 * @typedef {object} ProviderContext
 * @property {string} issuer no trailing slash
 * @property {Map<string, import('./clients.js').Client>} clients by clientId
 * @property {import('./users.js').SampleUser[]} users
 * @property {import('./keys.js').KeyStore} keys
 * @property {import('./grants.js').GrantStore} grants
 * @property {number} accessTokenTtlSeconds
 * @property {number} idTokenTtlSeconds
 * @property {string | null} orgsRequireScope
 * @property {AutoConsent | null} autoConsent
 */

/**
 * @param {ProviderContext} context
 * @param {string} sub
 */
export function findUser(context, sub) {
  return context.users.find((user) => user.sub === sub);
}

/**
 * @param {ProviderContext} context
 * @param {unknown} autoConsent
 * @returns {AutoConsent | null}
 */
export function validateAutoConsent(context, autoConsent) {
  if (autoConsent === null || autoConsent === undefined) return null;
  const { userSub, decision } = /** @type {AutoConsent} */ (autoConsent);
  if (decision !== 'allow' && decision !== 'deny') {
    throw new TypeError("autoConsent.decision must be 'allow' or 'deny'");
  }
  if (!findUser(context, userSub)) {
    throw new TypeError(`autoConsent.userSub "${userSub}" is not one of the sample users`);
  }
  return { userSub, decision };
}
