/**
 * A tagged template that escapes every interpolated value, so that nothing from Hugging Face,
 * the URL or the environment can inject markup. Only fragments built with `html` pass through.
 */

/** A string known to be safe markup. */
export class SafeHtml extends String {}

const escape = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escape(value);
}

/** Values are escaped unless built with `html`; arrays are joined; nullish and false vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(
    strings.reduce((out, string, index) => out + render(values[index - 1]) + string)
  );
}
