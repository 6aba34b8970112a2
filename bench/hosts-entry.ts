/**
 * Maps huggingface.co to the proxy with one line of our own in /etc/hosts, for the run. Only that
 * exact line is ever removed; the file is rewritten in place (/etc/hosts may be a bind mount).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const hostsFile = '/etc/hosts';
const entry = `127.0.0.1 huggingface.co # connector-huggingface bench, process ${process.pid}`;

const removeHostsEntry = () => {
  const lines = readFileSync(hostsFile, 'utf8').split('\n');
  const kept = lines.filter((line) => line !== entry);
  if (kept.length !== lines.length) writeFileSync(hostsFile, kept.join('\n'));
};

/** Adds the line; it is removed when this process exits, whatever the reason. */
export const addHostsEntry = () => {
  const text = readFileSync(hostsFile, 'utf8');
  appendFileSync(hostsFile, `${text === '' || text.endsWith('\n') ? '' : '\n'}${entry}\n`);
  process.on('exit', removeHostsEntry);
};
