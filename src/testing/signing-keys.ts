import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWK,
  type JWTPayload,
  type KeyObject,
} from 'jose';

export type SigningKey = { kid?: string; privateKey: KeyObject | CryptoKey; publicJwk: JWK };

export const createSigningKey = async (kid: string): Promise<SigningKey> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });

  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
};

export const jwksOf = (...keys: SigningKey[]) => ({ keys: keys.map(({ publicJwk }) => publicJwk) });

export type IdTokenClaims = JWTPayload & { nonce?: string };

/** Signs an ID token shaped like Hugging Face's, with overridable claims and lifetime. */
export const signIdToken = async (
  key: SigningKey,
  claims: IdTokenClaims,
  { expiresInSeconds = 3600, issuedAtSeconds = Math.floor(Date.now() / 1000) } = {}
) =>
  new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(issuedAtSeconds)
    .setExpirationTime(issuedAtSeconds + expiresInSeconds)
    .sign(key.privateKey);
