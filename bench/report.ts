/** Turns the measuring processes' results into the Markdown tables `npm run bench` prints. */
import { spreadOf, type Spread } from './statistics.js';
import type { ContenderName, ContenderResult, WorkerResult } from './contenders.js';

export type ScopeRun = {
  scope: string;
  withIdToken: boolean;
  processes: WorkerResult[];
  /** Per process, from the stand-in's counters. */
  requestsPerSignIn: number[];
  jwksDownloads: number[];
  tlsConnections: number[];
};

const rowOrder: ContenderName[] = ['floor', 'official', 'ours'];

const fixed = (value: number, digits: number) =>
  (Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

const ratio = ({ median, min, max }: Spread) =>
  `${median.toFixed(2)} [${min.toFixed(2)}–${max.toFixed(2)}]`;

/** A Markdown table, columns padded for the terminal; `right` lists right-aligned columns. */
export const markdownTable = (header: string[], rows: string[][], right = new Set<number>()) => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (right.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (right.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;

  return [line(header), rule, ...rows.map(line)].join('\n');
};

type Metric = Exclude<keyof ContenderResult, 'heapGrowthBytes'>;

const valuesOf = (run: ScopeRun, name: ContenderName, metric: Metric) =>
  run.processes.map(({ contenders }) => contenders[name][metric]);

/** Within-process ratios of one metric, `name` over `base`. */
export const ratiosOf = (run: ScopeRun, name: ContenderName, base: ContenderName, metric: Metric) =>
  spreadOf(
    run.processes.map(({ contenders }) => contenders[name][metric] / contenders[base][metric])
  );

export const signInTable = (run: ScopeRun, heapSignIns: number) => {
  const header = [
    '',
    'CPU µs / sign-in',
    '× floor',
    '× official',
    'sign-ins/s at 32 concurrent',
    '× official',
    'p50 ms',
    'p99 ms',
    'p99 × official',
    'sign-ins hit by a GC',
    `heap growth over ${heapSignIns.toLocaleString('en-US')}, MB (process 1)`,
  ];
  const rows = rowOrder.map((name) => {
    const median = (metric: Metric) => spreadOf(valuesOf(run, name, metric)).median;
    const heapGrowthBytes = run.processes[0]?.contenders[name].heapGrowthBytes ?? Number.NaN;

    return [
      name,
      fixed(median('cpuMicrosPerSignIn'), 0),
      ratio(ratiosOf(run, name, 'floor', 'cpuMicrosPerSignIn')),
      ratio(ratiosOf(run, name, 'official', 'cpuMicrosPerSignIn')),
      fixed(median('signInsPerSecond'), 0),
      ratio(ratiosOf(run, name, 'official', 'signInsPerSecond')),
      fixed(median('latencyP50Ms'), 3),
      fixed(median('latencyP99Ms'), 3),
      ratio(ratiosOf(run, name, 'official', 'latencyP99Ms')),
      `${fixed(100 * median('gcHitShare'), 1)} %`,
      Number.isNaN(heapGrowthBytes) ? '—' : fixed(heapGrowthBytes / 1e6, 2),
    ];
  });

  return markdownTable(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
};

type Target = {
  text: string;
  scope: ScopeRun;
  spread: Spread;
  holds: (value: number) => boolean;
};

/** Issue 13's targets, each judged on the median of the within-process ratios. */
export const targetsOf = (runs: ScopeRun[]): Target[] =>
  runs.flatMap((run) => {
    const cpu = run.withIdToken ? 0.85 : 0.75;
    const throughput = run.withIdToken ? 1.15 : 1.3;

    return [
      {
        text: `[${run.scope}] CPU per sign-in ≤ ${cpu}× official`,
        scope: run,
        spread: ratiosOf(run, 'ours', 'official', 'cpuMicrosPerSignIn'),
        holds: (value: number) => value <= cpu,
      },
      {
        text: `[${run.scope}] throughput ≥ ${throughput}× official`,
        scope: run,
        spread: ratiosOf(run, 'ours', 'official', 'signInsPerSecond'),
        holds: (value: number) => value >= throughput,
      },
      {
        text: `[${run.scope}] p99 latency ≤ 1.00× official`,
        scope: run,
        spread: ratiosOf(run, 'ours', 'official', 'latencyP99Ms'),
        holds: (value: number) => value <= 1,
      },
    ];
  });

export const targetTable = (targets: Target[], judge: boolean) =>
  markdownTable(
    [
      'target (issue 13)',
      'ours, median [min–max] of processes',
      'median meets it',
      'every process meets it',
    ],
    targets.map(({ text, spread, holds }) => [
      text,
      ratio(spread),
      judge ? (holds(spread.median) ? 'yes' : 'NO') : 'not judged',
      judge ? (holds(spread.min) && holds(spread.max) ? 'yes' : 'no') : 'not judged',
    ]),
    new Set([1])
  );

export const standInTable = (runs: ScopeRun[]) =>
  markdownTable(
    [
      'scope',
      'HTTP requests per sign-in',
      'JWKS downloads per process',
      'new TLS connections per process',
    ],
    runs.map((run) => [
      run.scope,
      run.requestsPerSignIn.map((value) => value.toFixed(4)).join(', '),
      run.jwksDownloads.join(', '),
      run.tlsConnections.join(', '),
    ])
  );

export type PackageFigures = {
  importRuns: number;
  loadedByLogto: Record<'ours' | 'official', number>;
  officialImage: Record<'ours' | 'official', number>;
  packedBytes: Record<'ours' | 'official', number>;
};

export const packageTable = ({
  importRuns,
  loadedByLogto,
  officialImage,
  packedBytes,
}: PackageFigures) => {
  const row = (label: string, values: Record<'ours' | 'official', number>, digits: number) => [
    label,
    fixed(values.official, digits),
    fixed(values.ours, digits),
    `${(values.ours / values.official).toFixed(2)}×`,
  ];

  return markdownTable(
    ['', 'official', 'ours', 'ours × official'],
    [
      row(
        `marginal import, ms (after connector-kit + zod; median of ${importRuns} fresh processes)`,
        loadedByLogto,
        2
      ),
      row(
        'marginal import, ms (official image: ky, essentials, connector-oauth already loaded)',
        officialImage,
        2
      ),
      row(
        'packed size, kB (npm pack)',
        { ours: packedBytes.ours / 1000, official: packedBytes.official / 1000 },
        1
      ),
    ],
    new Set([1, 2, 3])
  );
};
