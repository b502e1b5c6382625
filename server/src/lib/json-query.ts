import { unstorableTextFields, type FieldErrors } from '@privdesk/shared';
import type { z } from 'zod';

/**
 * A download's `input` query parameter: its filters as JSON, like a tRPC GET, parsed by the same schema a
 * procedure would use. Refusals are field-level (`input` when it is not JSON at all), never a throw.
 */
export function parseJsonQuery<S extends z.ZodType>(
  raw: unknown,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; fieldErrors: FieldErrors } {
  let value: unknown = {};
  if (typeof raw === 'string' && raw.length > 0) {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, fieldErrors: { input: ['The filters are not valid JSON.'] } };
    }
  }
  const unstorable = unstorableTextFields(value);
  if (Object.keys(unstorable).length > 0) return { ok: false, fieldErrors: unstorable };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}
