import { z } from 'zod';
import { idSchema, reasonSchema } from '../common/fields.js';
import { customerFlagKinds, customerNoticeChannels, officerFlagKinds } from './customers.constants.js';

const version = z.number().int().min(0, 'Must be a version number.');
const staffRefSchema = z.object({ id: idSchema, name: z.string() });

/** One flag as it stands or stood: the reasons are the officers' own words, shown to those who read customers. */
export const customerFlagSchema = z.object({
  id: idSchema,
  kind: z.enum(customerFlagKinds),
  setAt: z.iso.datetime(),
  setBy: staffRefSchema.nullable(),
  setReason: z.string(),
  liftedAt: z.iso.datetime().nullable(),
  liftedBy: staffRefSchema.nullable(),
  liftedReason: z.string().nullable(),
  /** Restriction only: when and how the customer was told it would be lifted (Art. 18(3)). */
  customerToldAt: z.iso.datetime().nullable(),
  customerToldBy: z.enum(customerNoticeChannels).nullable(),
});
export type CustomerFlag = z.infer<typeof customerFlagSchema>;

export const customerFlagSetInputSchema = z.object({
  customerId: idSchema,
  /** The account's version the officer saw: a change by someone else since then is refused. */
  version,
  kind: z.enum(officerFlagKinds, { message: 'Choose restriction or legal hold.' }),
  reason: reasonSchema,
});
export type CustomerFlagSetInput = z.input<typeof customerFlagSetInputSchema>;

export const customerFlagLiftInputSchema = z
  .object({
    customerId: idSchema,
    version,
    kind: z.enum(officerFlagKinds, { message: 'Choose restriction or legal hold.' }),
    reason: reasonSchema,
    /** Required to lift a restriction: the customer is told before it is lifted (GDPR Art. 18(3)). */
    customerTold: z
      .object({
        at: z.iso.datetime({ message: 'Give the date and time the customer was told.' }),
        channel: z.enum(customerNoticeChannels, { message: 'Choose how the customer was told.' }),
      })
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'restriction' && input.customerTold === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['customerTold'],
        message:
          'Record when and how the customer was told: a restriction is lifted only after they are (GDPR Art. 18(3)).',
      });
    }
    if (input.kind !== 'restriction' && input.customerTold !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['customerTold'],
        message: 'Only lifting a restriction records that the customer was told.',
      });
    }
  });
export type CustomerFlagLiftInput = z.input<typeof customerFlagLiftInputSchema>;

/** After a flag change: the account's new version and every flag it has had, standing ones first. */
export const customerFlagsOutputSchema = z.object({
  customerId: idSchema,
  version,
  flags: z.array(customerFlagSchema),
});
export type CustomerFlagsOutput = z.infer<typeof customerFlagsOutputSchema>;

export const customerFlagsInputSchema = z.object({ customerId: idSchema });
