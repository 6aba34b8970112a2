/** The results table: metric | ours | official | ratio (ours/official) | target | holds. */

/**
 * @typedef {object} Row
 * @property {string} metric
 * @property {number} ours
 * @property {number | undefined} official `undefined`: the official connector cannot do this
 * @property {number} digits decimals shown
 * @property {import('./targets.js').Target} [target]
 * @property {number} [judged] the value the target checks when it is not `ours` (per process counts)
 * @property {string} [oursNote] shown after our value
 * @property {boolean} [noRatio] the ratio means nothing (values near zero, possibly negative)
 */

/** Fixed decimals; a value that rounds to zero is shown as 0, never as -0. */
const formatNumber = (value, digits) =>
  (Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

const ratioOf = ({ ours, official, noRatio }) =>
  noRatio || official === undefined || official === 0 || ours === 0 ? '—' : `${(ours / official).toFixed(2)}×`;

/** @param {Row} row @param {boolean} judge */
const verdictOf = ({ target, ours, official, judged }, judge) => {
  if (!target) return '';
  if (!judge) return 'not judged';

  return target.holds(judged ?? ours, official ?? Number.NaN) ? 'yes' : 'MISSED';
};

/** @param {Row} row @param {boolean} judge */
export const isMissed = (row, judge) => verdictOf(row, judge) === 'MISSED';

/**
 * @param {Row[]} rows
 * @param {{ judge: boolean }} options `judge: false` in quick mode: numbers are not compared with targets
 * @returns {string} a Markdown table, columns padded for the terminal
 */
export const renderTable = (rows, { judge }) => {
  const header = ['metric', 'ours', 'official', 'ratio (ours/official)', 'target', 'holds'];
  const lines = rows.map((row) => [
    row.metric,
    `${formatNumber(row.ours, row.digits)}${row.oursNote ? ` ${row.oursNote}` : ''}`,
    row.official === undefined ? 'n/a' : formatNumber(row.official, row.digits),
    ratioOf(row),
    row.target?.text ?? '',
    verdictOf(row, judge),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const numeric = new Set([1, 2, 3]);
  const format = (cells) =>
    `| ${cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;

  return [format(header), rule, ...lines.map(format)].join('\n');
};
