import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';

export { ConnectorErrorCodes } from '@logto/connector-kit';

export type ErrorDetails = Record<string, string | number | undefined>;

/**
 * The only way this package builds errors: `data.message` says what went wrong and what to do,
 * other keys carry Hugging Face's own words. Nothing secret may be passed in here.
 */
export const connectorError = (
  code: ConnectorErrorCodes,
  message: string,
  details: ErrorDetails = {}
): ConnectorError => {
  const data: Record<string, string | number> = { message };

  for (const [key, value] of Object.entries(details)) {
    if (value !== undefined) {
      data[key] = value;
    }
  }

  return new ConnectorError(code, data);
};

const excerptLength = 200;

/** A short, single-line piece of untrusted text, with every known secret blotted out. */
export const excerpt = (text: string, secrets: readonly string[] = []): string => {
  let redacted = text;

  for (const secret of secrets) {
    if (secret.length > 0) {
      redacted = redacted.split(secret).join('[redacted]');
    }
  }

  const singleLine = redacted.replaceAll(/\s+/g, ' ').trim();

  return singleLine.length > excerptLength ? `${singleLine.slice(0, excerptLength)}…` : singleLine;
};

export const isConnectorError = (error: unknown): error is ConnectorError =>
  error instanceof ConnectorError;

export const generalError = (message: string, details?: ErrorDetails) =>
  connectorError(ConnectorErrorCodes.General, message, details);
