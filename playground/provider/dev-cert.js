/**
 * A throwaway self-signed certificate for running the provider over HTTPS on loopback
 * (tests, benchmark). Needs the `openssl` command; nothing here is meant for real traffic.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * @param {{ hostnames?: string[], days?: number }} [options] DNS names and IP addresses
 *   the certificate is valid for (default localhost and 127.0.0.1)
 * @returns {{ key: string, cert: string }} PEM strings; trust `cert` as the CA on the client
 */
export function createDevCertificate({ hostnames = ['localhost', '127.0.0.1'], days = 30 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hf-provider-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const altNames = hostnames.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
        '-days', String(days),
        '-subj', `/CN=${hostnames[0]}`,
        '-addext', `subjectAltName=${altNames}`,
        '-keyout', keyFile,
        '-out', certFile,
      ],
      { stdio: 'ignore' }
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
