/** The command line of `npm run bench` and the scenarios it measures. */

/** consentMs: time on Hugging Face's consent page; freshProcess: first sign-in after a start. */
export const scenarios = [
  { name: 'consent 3 s', consentMs: 3_000, freshProcess: false },
  { name: 'consent 20 s', consentMs: 20_000, freshProcess: false },
  { name: 'cold start', consentMs: 3_000, freshProcess: true },
] as const;

export type Scenario = (typeof scenarios)[number];

export const usage = `Usage: npm run bench [-- [--quick] [--rtt MS] [--sign-ins N] [--svg FILE]]

  --quick        consent 3 s only, 2 sign-ins, no targets judged (CI)
  --rtt MS       round-trip time between Logto and huggingface.co (default 100)
  --sign-ins N   sign-ins per contender and scenario (default 5, quick 2)
  --svg FILE     also draw the callback times as an SVG bar chart

Runs as root: it listens on 127.0.0.1:443 and maps huggingface.co in /etc/hosts for the run.`;

/** A mistake on the command line or in the machine's setup: reported without a stack trace. */
export class UsageError extends Error {}

export const parseOptions = (argv: readonly string[]) => {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const quick = argv.includes('--quick');
  const [signIns, chosen] = quick ? [2, scenarios.slice(0, 1)] : [5, scenarios];
  const options = { quick, rttMs: 100, signIns, scenarios: chosen, svg: '' };

  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--quick') continue;
    const value = argv[(index += 1)] ?? '';
    const number = Number(value);
    if (flag === '--svg' && value) options.svg = value;
    else if (flag === '--rtt' && number > 0) options.rttMs = number;
    else if (flag === '--sign-ins' && Number.isInteger(number) && number > 0)
      options.signIns = number;
    else throw new UsageError(`Not understood: ${flag} ${value}\n\n${usage}`);
  }
  return options;
};
