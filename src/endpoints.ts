export const huggingFaceIssuer = 'https://huggingface.co';

export type HuggingFaceEndpoints = {
  issuer: string;
  authorization: string;
  token: string;
  userInfo: string;
  jwks: string;
};

/** Hugging Face's endpoints under an issuer; another issuer only serves tests and the playground. */
export const endpointsFor = (issuer: string): HuggingFaceEndpoints => {
  const base = issuer.replace(/\/+$/, '');

  return {
    issuer: base,
    authorization: `${base}/oauth/authorize`,
    token: `${base}/oauth/token`,
    userInfo: `${base}/oauth/userinfo`,
    jwks: `${base}/oauth/jwks`,
  };
};

export const defaultScope = 'profile';

/** Upper bound for one request to Hugging Face, headers and body included. */
export const requestTimeoutMs = 10_000;
