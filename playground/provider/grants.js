/**
 * Server-side state of sign-ins: consent requests waiting for a decision, authorization codes,
 * access tokens and refresh tokens. Every store expires its entries and has a size cap.
 *
 * @typedef {object} Grant what one user allowed one app, shared by every token it produced
 * @property {string} id
 * @property {string} clientId
 * @property {string} userSub
 * @property {string[]} scopes
 * @property {string[]} orgIds organizations the user granted (from `orgIds` at authorize)
 * @property {number} authTime seconds since the epoch
 * @property {string | undefined} nonce
 *
 * @typedef {object} PendingRequest an authorization request shown on the consent page
 * @property {string} clientId
 * @property {string} redirectUri
 * @property {string[]} scopes
 * @property {string | undefined} state
 * @property {string | undefined} codeChallenge
 * @property {string | undefined} nonce
 * @property {string[]} orgIds
 *
 * @typedef {{ grant: Grant, redirectUri: string, codeChallenge: string | undefined }} CodeRecord
 * @typedef {{ grant: Grant, scopes: string[] }} TokenRecord
 */
import { randomBytes } from 'node:crypto';

import { ExpiringStore } from './expiring-store.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** @param {number} length @returns {string} unbiased random letters and digits */
export function randomAlphanumeric(length) {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // 248 = 4 * 62: rejecting higher bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

const randomId = (bytes = 24) => randomBytes(bytes).toString('base64url');

const PENDING_REQUEST_TTL_MS = 10 * 60 * 1000;
const CODE_TTL_MS = 60 * 1000;
const MAX_PENDING = 20_000;
const MAX_CODES = 20_000;
const MAX_TOKENS = 100_000;

export class GrantStore {
  /** @type {ExpiringStore<PendingRequest>} */ #pending;
  /** @type {ExpiringStore<CodeRecord>} */ #codes;
  /** @type {ExpiringStore<Grant>} codes already exchanged, to spot a replay */ #redeemedCodes;
  /** @type {ExpiringStore<TokenRecord>} */ #accessTokens;
  /** @type {ExpiringStore<TokenRecord>} */ #refreshTokens;
  #now;

  /**
   * @param {{ now: () => number, accessTokenTtlSeconds: number, refreshTokenTtlSeconds: number }} options
   */
  constructor({ now, accessTokenTtlSeconds, refreshTokenTtlSeconds }) {
    this.#now = now;
    this.#pending = new ExpiringStore({ ttlMs: PENDING_REQUEST_TTL_MS, maxSize: MAX_PENDING, now });
    this.#codes = new ExpiringStore({ ttlMs: CODE_TTL_MS, maxSize: MAX_CODES, now });
    this.#redeemedCodes = new ExpiringStore({ ttlMs: PENDING_REQUEST_TTL_MS, maxSize: MAX_CODES, now });
    this.#accessTokens = new ExpiringStore({ ttlMs: accessTokenTtlSeconds * 1000, maxSize: MAX_TOKENS, now });
    this.#refreshTokens = new ExpiringStore({ ttlMs: refreshTokenTtlSeconds * 1000, maxSize: MAX_TOKENS, now });
  }

  /** Entry counts, to check that memory stays bounded. */
  get sizes() {
    return {
      pendingRequests: this.#pending.size,
      codes: this.#codes.size,
      redeemedCodes: this.#redeemedCodes.size,
      accessTokens: this.#accessTokens.size,
      refreshTokens: this.#refreshTokens.size,
    };
  }

  /** @param {PendingRequest} request @returns {string} an opaque id for the consent form */
  savePendingRequest(request) {
    const id = randomId();
    this.#pending.set(id, request);
    return id;
  }

  /** @param {string} id */
  findPendingRequest(id) {
    return this.#pending.get(id);
  }

  /** @param {string} id */
  deletePendingRequest(id) {
    this.#pending.delete(id);
  }

  /**
   * @param {Omit<Grant, 'id'> & { redirectUri: string, codeChallenge?: string }} input
   * @returns {string} a new single-use authorization code
   */
  createCode({ redirectUri, codeChallenge, ...grant }) {
    const code = randomId(32);
    this.#codes.set(code, { grant: { id: randomId(12), ...grant }, redirectUri, codeChallenge });
    return code;
  }

  /**
   * Consumes a code. A code presented a second time is a replay: the tokens issued for it are
   * revoked (RFC 6749 §4.1.2).
   * @param {string} code
   * @returns {CodeRecord | undefined}
   */
  redeemCode(code) {
    const record = this.#codes.take(code);
    if (record) {
      this.#redeemedCodes.set(code, record.grant);
      return record;
    }
    const replayed = this.#redeemedCodes.get(code);
    if (replayed) this.revoke((grant) => grant.id === replayed.id);
    return undefined;
  }

  /**
   * @param {Grant} grant
   * @param {{ scopes?: string[], refreshScopes?: string[] }} [options] narrower access-token scopes
   * @returns {{ accessToken: string, refreshToken: string, scopes: string[] }}
   */
  issueTokens(grant, { scopes = grant.scopes, refreshScopes = grant.scopes } = {}) {
    const accessToken = `hf_oauth_${randomAlphanumeric(34)}`;
    const refreshToken = randomAlphanumeric(48);
    this.#accessTokens.set(accessToken, { grant, scopes });
    this.#refreshTokens.set(refreshToken, { grant, scopes: refreshScopes });
    return { accessToken, refreshToken, scopes };
  }

  /** @param {string} token */
  findAccessToken(token) {
    return this.#accessTokens.get(token);
  }

  /** @param {string} token */
  findRefreshToken(token) {
    return this.#refreshTokens.get(token);
  }

  /** Invalidates a refresh token (after rotation). @param {string} token */
  deleteRefreshToken(token) {
    this.#refreshTokens.delete(token);
  }

  /**
   * Revokes every access and refresh token whose grant matches, as when a user revokes the app.
   * @param {(grant: Grant) => boolean} matches
   * @returns {number} how many tokens were revoked
   */
  revoke(matches) {
    return (
      this.#accessTokens.deleteWhere(({ grant }) => matches(grant)) +
      this.#refreshTokens.deleteWhere(({ grant }) => matches(grant))
    );
  }

  /** Seconds since the epoch. */
  nowSeconds() {
    return Math.floor(this.#now() / 1000);
  }
}
