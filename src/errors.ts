import { ConnectorError, type ConnectorErrorCodes } from '@logto/connector-kit';

export { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';

export type ErrorDetails = Record<string, string | number | undefined>;

/**
 * The only way this package builds errors: `data.message` says what went wrong and what to do,
 * other keys carry Hugging Face's own words. Nothing secret may be passed in here.
 */
export const connectorError = (
  code: ConnectorErrorCodes,
  message: string,
  details: ErrorDetails = {}
): ConnectorError =>
  new ConnectorError(code, {
    message,
    ...Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
  });

const excerptLength = 200;

/** The forms in which a page may echo a secret: raw, URL- or form-encoded, inside a JSON string. */
const echoesOf = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  new URLSearchParams([['', secret]]).toString().slice(1),
  JSON.stringify(secret).slice(1, -1),
];

/** A short, single-line piece of untrusted text, with every secret the caller names blotted out. */
export const excerpt = (text: string, secrets: readonly string[] = []): string => {
  const redacted = secrets
    .filter((secret) => secret.length > 0)
    .flatMap(echoesOf)
    .reduce((result, echo) => result.replaceAll(echo, '[redacted]'), text)
    .replaceAll(/\s+/g, ' ')
    .trim();

  return redacted.length > excerptLength ? `${redacted.slice(0, excerptLength)}…` : redacted;
};
