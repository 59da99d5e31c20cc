import Handlebars from 'handlebars';

/** URLs templates may link to; `javascript:` and friends survive HTML escaping, so they are replaced. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

export function safeUrl(value: unknown): string {
  if (typeof value !== 'string') return '#';
  try {
    return SAFE_PROTOCOLS.has(new URL(value.trim()).protocol) ? value.trim() : '#';
  } catch {
    return '#';
  }
}

/** `{{plural digest.count "invoice" "invoices"}}` */
function plural(count: unknown, singular: unknown, pluralForm: unknown): string {
  return Number(count) === 1 ? String(singular) : String(pluralForm);
}

export const handlebars = Handlebars.create();
handlebars.registerHelper('safe_url', safeUrl);
handlebars.registerHelper('plural', plural);

const KNOWN_HELPERS = { safe_url: true, plural: true } as const;

/** Unknown helpers are compile errors, not silent blanks at send time. */
export const COMPILE_OPTIONS = { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true } as const;

export type RenderMode = 'html' | 'text';

export function compileTemplate(source: string, mode: RenderMode): Handlebars.TemplateDelegate {
  // Subjects, SMS and Discord are text: HTML-escaping them would show "&amp;" to the reader.
  return handlebars.compile(source, { ...COMPILE_OPTIONS, noEscape: mode === 'text' });
}

/** Throws Handlebars' own message (with line and column) when the source does not parse. */
export function checkTemplate(source: string): void {
  handlebars.precompile(source, COMPILE_OPTIONS);
}
