import { z } from 'zod';
import { maskEmail, maskName } from '../requests/masking.js';
import { retentionPlaceholder } from '../requests/retention.js';

/** The retention placeholder passes a mask unchanged (`maskName`, `maskEmail`): it is nobody's data. */
const removed = retentionPlaceholder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masked values as types. A masked reader's output schema types its names and emails with these: the
 * pattern accepts only what `maskName` / `maskEmail` produce, so a clear value that slips into a masked
 * answer fails the output parse (a 500 and a log line, never a leak), and the brand keeps a plain string
 * from being passed where a masked one is due.
 */
export const maskedNameSchema = z
  .string()
  .regex(new RegExp(`^(?:(?:\\S\\. )*\\S?\\*\\*\\*|${removed})$`, 'u'), 'a masked name')
  .brand<'MaskedName'>();
export type MaskedName = z.infer<typeof maskedNameSchema>;

export const maskedEmailSchema = z
  .string()
  .regex(
    new RegExp(`^(?:\\S?\\*\\*\\*(?:@\\S?\\*\\*\\*(?:\\.[^\\s.@]*)?)?|${removed})$`, 'u'),
    'a masked email',
  )
  .brand<'MaskedEmail'>();
export type MaskedEmail = z.infer<typeof maskedEmailSchema>;

export function maskedName(name: string): MaskedName {
  return maskedNameSchema.parse(maskName(name));
}

export function maskedEmail(email: string): MaskedEmail {
  return maskedEmailSchema.parse(maskEmail(email));
}

/** A person's name and email as a reader may see them: in clear, or masked and saying so. */
export const clearPersonFields = {
  requesterName: z.string(),
  requesterEmail: z.string(),
  requesterMasked: z.literal(false),
};
export const maskedPersonFields = {
  requesterName: maskedNameSchema,
  requesterEmail: maskedEmailSchema,
  requesterMasked: z.literal(true),
};
