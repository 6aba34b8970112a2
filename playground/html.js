/**
 * A tagged template that escapes every interpolated value, so that nothing from Hugging Face,
 * the URL or the environment can inject markup. Only fragments built with `html` pass through.
 */

class SafeHtml {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

/** @param {unknown} value */
export const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** @param {unknown} value @returns {string} */
function render(value) {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

/**
 * @param {TemplateStringsArray} strings
 * @param {unknown[]} values escaped unless built with `html`; arrays are joined; nullish and false vanish
 * @returns {SafeHtml}
 */
export function html(strings, ...values) {
  return new SafeHtml(strings.reduce((out, string, index) => out + render(values[index - 1]) + string));
}

/** Marks markup written in this codebase (never outside input) as safe. @param {string} text */
export const trustedHtml = (text) => new SafeHtml(text);
