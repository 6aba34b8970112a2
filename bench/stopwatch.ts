/** Wall time and process CPU (all threads: main, GC helpers, threadpool) spent while running. */
export type Stopwatch = { pause: () => void; resume: () => void };

/** A class, not closures: see the note on `SessionStore` in logto-sign-in.ts. */
export class RunningStopwatch implements Stopwatch {
  elapsedMs = 0;
  cpuMicros = 0;
  private startedAt = 0;
  private cpuAtStart = process.cpuUsage();

  resume() {
    this.cpuAtStart = process.cpuUsage();
    this.startedAt = performance.now();
  }

  pause() {
    this.elapsedMs += performance.now() - this.startedAt;
    const { user, system } = process.cpuUsage(this.cpuAtStart);
    this.cpuMicros += user + system;
  }
}

/** A stopwatch for unmeasured sign-ins. */
export const idleStopwatch: Stopwatch = { pause: () => {}, resume: () => {} };
