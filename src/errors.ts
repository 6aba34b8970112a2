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
// Stryker disable next-line ArrayDeclaration: a default list with Stryker's placeholder text in it blots out nothing any answer contains
export const excerpt = (text: string, secrets: readonly string[] = []): string => {
  let redacted = text;

  // A page may echo a secret as it was sent: raw, URL-encoded, form-encoded or inside a JSON string.
  const forms = secrets
    .filter((secret) => secret.length > 0)
    .flatMap((secret) => [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams([['', secret]]).toString().slice(1),
      JSON.stringify(secret).slice(1, -1),
    ]);

  for (const form of forms) {
    redacted = redacted.split(form).join('[redacted]');
  }

  const singleLine = redacted.replaceAll(/\s+/g, ' ').trim();

  return singleLine.length > excerptLength ? `${singleLine.slice(0, excerptLength)}…` : singleLine;
};
