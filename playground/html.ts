/**
 * A tagged template that escapes every interpolated value, so that nothing from Hugging Face,
 * the URL or the environment can inject markup. Only fragments built with `html` pass through.
 */

export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

export const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

/** Values are escaped unless built with `html`; arrays are joined; nullish and false vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(
    strings.reduce((out, string, index) => out + render(values[index - 1]) + string)
  );
}

/** Marks markup written in this codebase (never outside input) as safe. */
export const trustedHtml = (text: string): SafeHtml => new SafeHtml(text);
