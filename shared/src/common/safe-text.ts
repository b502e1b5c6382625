// Zod-free: the server's base procedure and the CSV route run it over every raw input.
import type { FieldErrors } from './errors.js';

/**
 * A NUL character, or half of a UTF-16 surrogate pair without its other half: neither can be stored as
 * text in PostgreSQL (a NUL ends the string; a lone surrogate is not UTF-8), so each once reached the
 * database and answered 500. Every other character is the person's to type.
 */
// eslint-disable-next-line no-control-regex -- matching the NUL is the point
const unstorableAnywhere = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const unstorableTextMessage =
  'This text holds a character that cannot be stored (a NUL or a broken character). Type it again.';

export function isStorableText(value: string): boolean {
  return !unstorableAnywhere.test(value);
}

/**
 * The field paths (`requester.name`, `statuses.0`) of every string in an input, keys included, that cannot
 * be stored: the one rule for all inputs, applied before any schema parses them. Empty when all is well.
 */
export function unstorableTextFields(value: unknown): FieldErrors {
  const out: FieldErrors = {};
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 20) return;
    if (typeof v === 'string') {
      if (!isStorableText(v)) (out[path || '_'] ??= []).push(unstorableTextMessage);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i), depth + 1));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const at = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) (out[path || '_'] ??= []).push(unstorableTextMessage);
        else walk(child, at, depth + 1);
      }
    }
  };
  walk(value, '', 0);
  return out;
}
