/** RSA signing keys, the JWKS that publishes them, and RS256 ID token signing. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * @typedef {{ kid: string, privateKey: CryptoKey, publicJwk: import('jose').JWK }} SigningKey
 */

/** @returns {Promise<SigningKey>} a fresh 2048-bit RS256 key whose kid is its JWK thumbprint */
async function createSigningKey() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, use: 'sig', alg: 'RS256', kid } };
}

export class KeyStore {
  /** @type {SigningKey[]} newest last */
  #keys = [];

  /** @returns {Promise<KeyStore>} a store holding one key */
  static async create() {
    const store = new KeyStore();
    await store.rotate();
    return store;
  }

  /** The kid new ID tokens are signed with. */
  get currentKid() {
    return this.#keys.at(-1).kid;
  }

  /**
   * Adds a new key and makes it current. Old keys stay published (the newest few) so tokens
   * they signed still verify.
   * @returns {Promise<string>} the new kid
   */
  async rotate() {
    this.#keys.push(await createSigningKey());
    if (this.#keys.length > 5) this.#keys.shift();
    return this.currentKid;
  }

  /** @returns {{ keys: import('jose').JWK[] }} newest key first */
  jwks() {
    return { keys: this.#keys.map((key) => ({ ...key.publicJwk })).reverse() };
  }

  /**
   * Signs `claims` as a compact RS256 JWT with header `{ alg, kid, typ: 'JWT' }`.
   * @param {Record<string, unknown>} claims
   * @param {{ kid?: string }} [options] a published key other than the current one
   * @returns {Promise<string>}
   */
  async sign(claims, { kid = this.currentKid } = {}) {
    const key = this.#keys.find((candidate) => candidate.kid === kid);
    if (!key) throw new Error(`no signing key with kid "${kid}"`);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key.privateKey);
  }
}
