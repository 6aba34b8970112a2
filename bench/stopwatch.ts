/** Wall time and process CPU (all threads: main, GC helpers, threadpool) spent while running. */
export type Stopwatch = { pause: () => void; resume: () => void };

export const createStopwatch = () => {
  let elapsedMs = 0;
  let cpuMicros = 0;
  let startedAt = 0;
  let cpuAtStart = process.cpuUsage();

  const resume = () => {
    cpuAtStart = process.cpuUsage();
    startedAt = performance.now();
  };
  const pause = () => {
    elapsedMs += performance.now() - startedAt;
    const { user, system } = process.cpuUsage(cpuAtStart);
    cpuMicros += user + system;
  };

  return {
    pause,
    resume,
    read: () => ({ elapsedMs, cpuMicros }),
  };
};

/** A stopwatch for unmeasured sign-ins. */
export const idleStopwatch: Stopwatch = { pause: () => {}, resume: () => {} };
