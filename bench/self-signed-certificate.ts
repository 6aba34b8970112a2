/**
 * A throwaway self-signed TLS certificate for the stand-in provider. node:crypto cannot issue
 * X.509 certificates, so this asks the `openssl` command, as the playground's tests do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const createSelfSignedCertificate = (hostname: string): { key: string; cert: string } => {
  const directory = mkdtempSync(path.join(tmpdir(), 'bench-stand-in-cert-'));

  try {
    const keyFile = path.join(directory, 'key.pem');
    const certFile = path.join(directory, 'cert.pem');
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
      '-subj', `/CN=${hostname}`, '-addext', `subjectAltName=DNS:${hostname}`,
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });

    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
