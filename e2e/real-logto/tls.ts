/**
 * A throw-away CA and a certificate for huggingface.co signed by it, made with openssl, so the
 * stand-in can serve https://huggingface.co and Logto core can trust it (NODE_EXTRA_CA_CERTS).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type TlsMaterial = { caFile: string; ca: string; key: string; cert: string };

export const createTlsMaterial = (directory: string, host: string): TlsMaterial => {
  const file = (name: string) => path.join(directory, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });

  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=connector-huggingface test CA',
    '-keyout',
    file('ca-key.pem'),
    '-out',
    file('ca.pem')
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${host}`,
    '-keyout',
    file('key.pem'),
    '-out',
    file('req.pem')
  );
  writeFileSync(
    file('ext.cnf'),
    `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`
  );
  openssl(
    'x509',
    '-req',
    '-days',
    '2',
    '-in',
    file('req.pem'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-extfile',
    file('ext.cnf'),
    '-out',
    file('cert.pem')
  );

  return {
    caFile: file('ca.pem'),
    ca: readFileSync(file('ca.pem'), 'utf8'),
    key: readFileSync(file('key.pem'), 'utf8'),
    cert: readFileSync(file('cert.pem'), 'utf8'),
  };
};
