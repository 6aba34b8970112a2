/**
 * What to do about each connector error, worded after the README's Troubleshooting table.
 * Some codes cover several causes; a distinctive piece of the message picks the row.
 */

type HintRow = { messageIncludes?: string; hint: string };

const HINTS: Record<string, HintRow[]> = {
  invalid_config: [
    {
      messageIncludes: 'does not accept the client ID',
      hint: 'Copy the Client ID and an App secret again from the Hugging Face OAuth app (HF_CLIENT_ID, HF_CLIENT_SECRET). Generate a new App secret if needed.',
    },
    {
      hint: 'Fix the field the message names. In Logto it is on the connector’s page; in the playground it comes from HF_CLIENT_ID, HF_CLIENT_SECRET, HF_SCOPE, HF_ORG_IDS and HF_ALLOWED_ORGANIZATIONS (scopes are separated by spaces, not commas).',
    },
  ],
  authorization_failed: [
    {
      messageIncludes: 'declined',
      hint: 'Nothing to fix: the user clicked Deny. They can sign in again.',
    },
    {
      messageIncludes: 'state',
      hint: 'Start the sign-in again in the same browser. An old or copied link, another tab or a forged request brings a callback that does not belong to this sign-in.',
    },
    {
      messageIncludes: 'did not share this account',
      hint: 'Follow the message: Hugging Face shares the role only in an organization granted to the app. Here, HF_ORG_IDS asks for one organization at sign-in.',
    },
    {
      messageIncludes: 'needs the role',
      hint: 'Sign in with an account that has that role in the organization, or lower the minimum role in the connector’s allowed organizations (HF_ALLOWED_ORGANIZATIONS here, for example acme:write).',
    },
    {
      messageIncludes: 'limited to members',
      hint: 'Sign in with an account that belongs to one of the allowed organizations, or change the connector’s allowed organizations (HF_ALLOWED_ORGANIZATIONS here).',
    },
    {
      hint: 'Allow every requested scope on the Hugging Face OAuth app, or remove the scope from the connector’s scope (HF_SCOPE). invalid_scope is the common case.',
    },
  ],
  invalid_request_parameters: [
    {
      messageIncludes: 'refresh token',
      hint: 'Hugging Face returned no refresh token for this sign-in, so the user has to sign in again.',
    },
    {
      hint: 'Start the sign-in again. If it keeps happening, check for proxies that strip query strings from the callback URL.',
    },
  ],
  social_auth_code_invalid: [
    {
      hint: 'Start the sign-in again (reloading a callback page reuses its code). If it always fails, check that the redirect URI is exactly the one registered on the OAuth app.',
    },
  ],
  social_invalid_access_token: [
    {
      hint: 'Sign in with Hugging Face again. The token expired or the user revoked the app on Hugging Face.',
    },
  ],
  social_invalid_id_token: [
    {
      hint: 'Start the sign-in again. If it keeps failing, check the server clock and the connector’s client ID.',
    },
  ],
  invalid_response: [
    { hint: 'Try again. Report it if it persists: Hugging Face sent something unexpected.' },
  ],
  general: [
    {
      messageIncludes: 'session is missing',
      hint: 'Start the sign-in again. The sign-in took too long, the callback was opened twice, or the browser lost its cookie.',
    },
    { messageIncludes: 'within', hint: 'Try again later and check Hugging Face’s status page.' },
    {
      messageIncludes: 'Could not reach',
      hint: 'Make sure this server can reach Hugging Face over HTTPS (DNS, firewall, proxy). The cause field holds the network error code.',
    },
    {
      messageIncludes: 'signing keys',
      hint: 'Try again in a moment, or remove openid from the scope to sign in without an ID token.',
    },
    {
      messageIncludes: 'failed with HTTP',
      hint: 'Try again in a moment: Hugging Face answered with an error status.',
    },
    { hint: 'Follow errorDescription, which carries Hugging Face’s own words.' },
  ],
};

/** The hint for a `ConnectorError` code and its `data.message`. */
export function troubleshootingHint(code: string, message: string): string | undefined {
  const rows = Object.hasOwn(HINTS, code) ? HINTS[code] : undefined;
  return rows?.find(
    (row) => row.messageIncludes === undefined || message.includes(row.messageIncludes)
  )?.hint;
}
