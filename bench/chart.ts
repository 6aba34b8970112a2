/** A plain SVG bar chart of the callback wall time: one group per scenario, one bar per contender. */
import { contenders, describe } from './contenders.js';
import { summaries } from './report.js';
import type { ScenarioResult } from './scenario.js';

const colors = {
  official: '#9ca3af',
  'ours-profile': '#f5b400',
  'ours-openid': '#2563eb',
  floor: '#16a34a',
} as const;

const [width, height] = [760, 400];
const plot = { left: 80, right: 20, top: 50, bottom: 110 };
const round = (value: number) => Math.round(value * 10) / 10;

export const drawChart = (results: readonly ScenarioResult[], rttMs: number, signIns: number) => {
  const groups = results.map((result) => ({
    name: result.scenario.name,
    bars: summaries(result).all,
  }));
  const highest = Math.max(rttMs, ...groups.flatMap(({ bars }) => bars.map(({ maxMs }) => maxMs)));
  const step = Math.ceil(highest / rttMs / 8) * rttMs;
  const top = Math.ceil(highest / step) * step;
  const plotHeight = height - plot.top - plot.bottom;
  const y = (value: number) => round(plot.top + plotHeight * (1 - value / top));
  const groupWidth = (width - plot.left - plot.right) / Math.max(groups.length, 1);
  const barWidth = (groupWidth * 0.8) / contenders.length;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">Callback wall time in ms: median (bar), min–max of ${signIns} sign-ins (line); 1 RTT = ${rttMs} ms</text>`,
  ];
  for (let value = 0; value <= top; value += step) {
    parts.push(
      `<line x1="${plot.left}" x2="${width - plot.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e7eb"/>`,
      `<text x="${plot.left - 6}" y="${y(value) + 4}" text-anchor="end">${value / rttMs} RTT</text>`
    );
  }
  groups.forEach(({ name, bars }, group) => {
    const start = plot.left + (group + 0.1) * groupWidth;
    parts.push(
      `<text x="${round(start + groupWidth * 0.4)}" y="${height - plot.bottom + 20}" text-anchor="middle">${name}</text>`
    );
    bars.forEach((bar, index) => {
      const [x, w] = [round(start + (index + 0.1) * barWidth), round(barWidth * 0.8)];
      const middle = round(start + (index + 0.5) * barWidth);
      parts.push(
        `<rect x="${x}" y="${y(bar.wallMs)}" width="${w}" height="${y(0) - y(bar.wallMs)}" fill="${colors[bar.contender.name]}"><title>${describe(bar.contender)}: ${bar.wallMs.toFixed(0)} ms</title></rect>`,
        `<line x1="${middle}" x2="${middle}" y1="${y(bar.minMs)}" y2="${y(bar.maxMs)}" stroke="#111"/>`,
        `<text x="${middle}" y="${y(bar.maxMs) - 5}" text-anchor="middle" font-size="11">${bar.wallMs.toFixed(0)}</text>`
      );
    });
  });
  contenders.forEach((contender, index) => {
    const [x, legendY] = [plot.left + (index % 2) * 320, height - 60 + Math.floor(index / 2) * 22];
    parts.push(
      `<rect x="${x}" y="${legendY - 11}" width="14" height="14" fill="${colors[contender.name]}"/>`,
      `<text x="${x + 20}" y="${legendY}">${describe(contender)}</text>`
    );
  });
  return `${parts.join('\n')}\n</svg>\n`;
};
