import type { FormErrors } from '@mantine/form';
import { errorMessageOf, isTrpcError } from './trpc';

interface FormLike {
  getValues: () => object;
  setErrors: (errors: FormErrors) => void;
}

/**
 * Puts a server error where a person will look for it: each `error.data.fieldErrors` entry beside its
 * field (nested paths such as `roles.0` land on `roles`), everything else in the returned message, meant
 * for an alert. Returns null when every problem found a field.
 *
 * `aliases` renames server fields to form fields, for forms whose field names differ from the input's.
 */
export function applyServerErrors(
  form: FormLike,
  error: unknown,
  aliases: Record<string, string> = {},
): string | null {
  const fieldErrors = isTrpcError(error) ? (error.data?.fieldErrors ?? null) : null;
  if (!fieldErrors) return errorMessageOf(error);
  const fields = new Set(Object.keys(form.getValues()));
  const placed: FormErrors = {};
  let unplaced = false;
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const aliased = aliases[key] ?? key;
    const field = fields.has(aliased) ? aliased : aliased.split('.')[0];
    if (field !== undefined && fields.has(field) && messages.length > 0) {
      placed[field] = messages.join(' ');
    } else {
      unplaced = true;
    }
  }
  form.setErrors(placed);
  if (unplaced || Object.keys(placed).length === 0) return errorMessageOf(error);
  return null;
}
