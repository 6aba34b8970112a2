/** One line describing where the benchmark ran. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

const cpuModel = () => {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));

    return line?.split(':')[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown CPU';
  }
};

export const describeMachine = () =>
  `${os.availableParallelism()} × ${cpuModel()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
  `Node ${process.version}, ${os.platform()} ${os.release()}`;
