/**
 * The one certificate maker of the repository: a throw-away CA and a server certificate signed by
 * it, for the stand-in served as https://huggingface.co (and localhost) on loopback. Clients trust
 * `ca` (NODE_EXTRA_CA_CERTS for a process, the `ca` option for a socket). node:crypto cannot issue
 * X.509 certificates, so this runs the `openssl` command (3.0 or later).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type TestCertificate = { ca: string; key: string; cert: string };

export const defaultHostnames = ['huggingface.co', 'localhost', '127.0.0.1'] as const;

export const createTestCertificate = (
  hostnames: readonly string[] = defaultHostnames
): TestCertificate => {
  const directory = mkdtempSync(path.join(tmpdir(), 'connector-hf-cert-'));
  const read = (name: string) => readFileSync(path.join(directory, name), 'utf8');
  const options = { cwd: directory, stdio: 'ignore' } as const;
  const newCertificate = (subject: string, ...args: string[]) => {
    const request = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2'];
    execFileSync('openssl', [...request, '-subj', subject, ...args], options);
  };
  const altNames = hostnames.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
  try {
    newCertificate('/CN=connector-huggingface test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
    // prettier-ignore
    newCertificate(`/CN=${hostnames[0] ?? 'localhost'}`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem',
      '-addext', `subjectAltName=${altNames}`, '-addext', 'basicConstraints=CA:FALSE',
      '-addext', 'keyUsage=digitalSignature,keyEncipherment', '-addext', 'extendedKeyUsage=serverAuth',
      '-keyout', 'key.pem', '-out', 'cert.pem');
    return { ca: read('ca.pem'), key: read('key.pem'), cert: read('cert.pem') };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
