/** `GET /oauth/userinfo` (POST works too, as OpenID Connect allows). */
import { buildUserInfo } from './claims.js';
import { findUser } from './context.js';
import { sendJson } from './http-io.js';

/**
 * @param {import('./context.js').ProviderContext} context
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function handleUserInfo(context, req, res) {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'POST') {
    sendJson(res, 405, { error: 'invalid_request', error_description: 'Use GET' }, { Allow: 'GET, POST, OPTIONS' });
    return;
  }
  const reject = (description) =>
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: description },
      { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` }
    );

  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  if (!match) return reject('Missing access token');
  const record = context.grants.findAccessToken(match[1]);
  const user = record && findUser(context, record.grant.userSub);
  if (!record || !user) return reject('Invalid or expired access token');

  const body = buildUserInfo(user, {
    scopes: record.scopes,
    orgIds: record.grant.orgIds,
    orgsRequireScope: context.orgsRequireScope,
  });
  sendJson(res, 200, body, { 'Cache-Control': 'no-store' });
}
