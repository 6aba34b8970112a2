/**
 * Points huggingface.co at 127.0.0.1 in /etc/hosts for the run only: the line is added once and
 * removed on every way out (normal end, error, Ctrl-C, SIGTERM).
 */
import { readFileSync, writeFileSync } from 'node:fs';

const hostsFile = '/etc/hosts';

const withoutLine = (content: string, line: string) =>
  content
    .split('\n')
    .filter((existing) => existing !== line)
    .join('\n');

export const mapHostToLoopback = (host: string): (() => void) => {
  const line = `127.0.0.1 ${host} # connector-huggingface test:logto`;
  const original = readFileSync(hostsFile, 'utf8');
  writeFileSync(hostsFile, `${original.replace(/\n?$/, '\n')}${line}\n`);

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    writeFileSync(hostsFile, withoutLine(readFileSync(hostsFile, 'utf8'), line));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, signal);
  };
  process.once('exit', restore);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  return restore;
};
