/** What a run prints: a Markdown table per scenario, issue #22's targets and the CPU guard. */
import { contenders, describe, type Contender } from './contenders.js';
import type { ScenarioResult, SignInFigures } from './scenario.js';

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const summarize = (figures: readonly SignInFigures[]) => {
  const walls = figures.map(({ wallMs }) => wallMs);
  const medianOf = (pick: (figures: SignInFigures) => number) => median(figures.map(pick));
  const paths = new Set(figures.flatMap(({ requests }) => Object.keys(requests)));
  return {
    wallMs: median(walls),
    minMs: Math.min(...walls),
    maxMs: Math.max(...walls),
    cpuMs: medianOf(({ cpuMicros }) => cpuMicros / 1000),
    rssMb: medianOf(({ rssBytes }) => rssBytes / 2 ** 20),
    newConnections: medianOf(({ newConnections }) => newConnections),
    requests: medianOf(({ requests }) => Object.values(requests).reduce((sum, n) => sum + n, 0)),
    paths: [...paths].map((path) => path.replace('/oauth/', '')).join(', '),
  };
};

/** Every contender's summary in a scenario, and the official one's for the ratios. */
export const summaries = (result: ScenarioResult) => {
  const all = contenders.flatMap((contender) => {
    const figures = result.figures.get(contender.name);
    return figures?.length ? [{ contender, ...summarize(figures) }] : [];
  });
  return { all, official: all.find(({ contender }) => contender.name === 'official') };
};

const times = (value: number, official = Number.NaN) => `${(value / official).toFixed(2)}×`;

export const scenarioTable = (result: ScenarioResult, rttMs: number) => {
  const { all, official } = summaries(result);
  const consent = result.figures.get('official')?.map(({ consentMs }) => consentMs / 1000) ?? [];
  const waited = `${Math.min(...consent).toFixed(1)}–${Math.max(...consent).toFixed(1)} s`;
  const rows = all.map(({ contender, wallMs, minMs, maxMs, cpuMs, ...rest }) => [
    describe(contender),
    `${wallMs.toFixed(0)} [${minMs.toFixed(0)}–${maxMs.toFixed(0)}]`,
    (wallMs / rttMs).toFixed(1),
    times(wallMs, official?.wallMs),
    rest.newConnections,
    `${rest.requests}: ${rest.paths}`,
    cpuMs.toFixed(1),
    times(cpuMs, official?.cpuMs),
    rest.rssMb.toFixed(0),
  ]);
  return [
    `### ${result.scenario.name} (consent as waited: ${waited}), RTT ${rttMs} ms`,
    '',
    '| contender | callback ms, median [min–max] | round trips | × official | new connections ' +
      '| requests during the callback | CPU ms per sign-in | CPU × official | RSS MB |',
    '|---|---:|---:|---:|---:|---|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
};

/** Issue #22: ours against the official connector, callback wall time (medians). */
const targets: ReadonlyArray<[string, Contender['name'], number, number]> = [
  ['consent 3 s', 'ours-openid', 1.3, 0.2],
  ['consent 20 s', 'ours-openid', 1.3, 0.2],
  ['consent 3 s', 'ours-profile', 2.5, 0.4],
  ['consent 20 s', 'ours-profile', 2.5, 0.4],
  ['cold start', 'ours-openid', Infinity, 0.4],
];

export const targetTable = (results: readonly ScenarioResult[], rttMs: number) => {
  const lines = ['| target (issue #22), callback wall time | measured | met |', '|---|---:|---|'];
  for (const [scenario, name, maxRoundTrips, maxRatio] of targets) {
    const result = results.find((candidate) => candidate.scenario.name === scenario);
    const { all, official } = result ? summaries(result) : { all: [], official: undefined };
    const ours = all.find(({ contender }) => contender.name === name);
    if (!ours || !official) continue;
    const [roundTrips, ratio] = [ours.wallMs / rttMs, ours.wallMs / official.wallMs];
    const limit = maxRoundTrips === Infinity ? '' : `≤ ${maxRoundTrips} round trips, `;
    const met = roundTrips <= maxRoundTrips && ratio <= maxRatio ? 'met' : '**not met**';
    const target = `${describe(ours.contender)}, ${scenario}: ${limit}≤ ${maxRatio}× official`;
    const measured = `${roundTrips.toFixed(1)} round trips, ${ratio.toFixed(2)}×`;
    lines.push(`| ${target} | ${measured} | ${met} |`);
  }
  return lines.join('\n');
};

/** Speed must not be bought with CPU: ours should spend no more per sign-in than the official. */
export const cpuGuard = (results: readonly ScenarioResult[]) => {
  const flagged = results.flatMap((result) => {
    const { all, official = { cpuMs: Infinity } } = summaries(result);
    return all
      .filter(({ contender, cpuMs }) => contender.name.startsWith('ours') && cpuMs > official.cpuMs)
      .map(
        ({ contender, cpuMs }) =>
          `${describe(contender)}, ${result.scenario.name}: ${times(cpuMs, official.cpuMs)}`
      );
  });
  return flagged.length === 0
    ? 'CPU guard: ours spends no more CPU per sign-in than the official connector.'
    : `CPU guard, FLAGGED: ours spends more CPU per sign-in than the official: ${flagged.join('; ')}.`;
};
