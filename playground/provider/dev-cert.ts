/**
 * A throwaway self-signed certificate for running the provider over HTTPS on loopback (tests,
 * benchmark). Needs the `openssl` command; nothing here is meant for real traffic.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * PEM key and certificate valid for `hostnames` (DNS names or IP addresses; default localhost and
 * 127.0.0.1). Trust `cert` as the CA on the client.
 */
export function createDevCertificate({
  hostnames = ['localhost', '127.0.0.1'],
  days = 30,
}: { hostnames?: readonly string[]; days?: number } = {}): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hf-provider-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const altNames = hostnames.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', String(days),
      '-subj', `/CN=${hostnames[0] ?? 'localhost'}`, '-addext', `subjectAltName=${altNames}`,
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
