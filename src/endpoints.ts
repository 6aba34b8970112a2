export const huggingFaceIssuer = 'https://huggingface.co';

/** Upper bound for one request to Hugging Face, headers and body included. */
export const requestTimeoutMs = 10_000;

/** Hugging Face's endpoints under an issuer; another issuer only serves tests and the playground. */
export const endpointsFor = (issuer: string) => {
  const base = issuer.replace(/\/+$/, '');

  return {
    issuer: base,
    discovery: `${base}/.well-known/openid-configuration`,
    authorization: `${base}/oauth/authorize`,
    token: `${base}/oauth/token`,
    userInfo: `${base}/oauth/userinfo`,
    jwks: `${base}/oauth/jwks`,
  };
};

export type HuggingFaceEndpoints = ReturnType<typeof endpointsFor>;
