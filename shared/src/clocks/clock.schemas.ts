import { z } from 'zod';
import { isIsoDate } from './dates.js';
import { regimeTable, regimeTypes, regimes, requestTypes } from './regimes.js';

export const clockEventKinds = [
  'extension_noticed',
  'clarification_asked',
  'clarification_received',
  'identity_asked',
  'identity_received',
  'paused',
  'resumed',
  'acknowledged',
] as const;
export type ClockEventKind = (typeof clockEventKinds)[number];

/** Event kinds that must carry a reason (the extension notice's reasons; why the clock was paused). */
export const clockEventKindsNeedingReason: readonly ClockEventKind[] = ['extension_noticed', 'paused'];

export const clockStates = ['initial', 'extended', 'paused'] as const;
export type ClockState = (typeof clockStates)[number];

export const isoCalendarDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'Must be a real calendar date (YYYY-MM-DD).' });

export const regimeSchema = z.enum(regimes);
export const requestTypeSchema = z.enum(requestTypes);
export const clockEventKindSchema = z.enum(clockEventKinds);

export const clockEventSchema = z
  .object({
    kind: clockEventKindSchema,
    on: isoCalendarDateSchema,
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .superRefine((event, ctx) => {
    if (clockEventKindsNeedingReason.includes(event.kind) && event.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `A ${event.kind} event needs a reason.` });
    }
  });
export type ClockEvent = z.infer<typeof clockEventSchema>;

export const clockSettingsSchema = z.object({
  companySlaDays: z.int().min(1).max(366).optional(),
  euPauseEnabled: z.boolean().optional(),
});
export type ClockSettings = z.infer<typeof clockSettingsSchema>;

/**
 * The shape of a clock input. It checks fields and that the type is a right under the regime; the
 * calendar and the ledger's consistency (order, windows, pairs) are checked by `computeClocks` /
 * `tryComputeClocks`, whose ClockError message is the one to show when refusing a ledger change.
 */
export const clockInputSchema = z
  .object({
    regime: regimeSchema,
    type: requestTypeSchema,
    receivedOn: isoCalendarDateSchema,
    calendar: z.string().trim().min(2).max(20),
    events: z.array(clockEventSchema).max(500),
    settings: clockSettingsSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (!regimeTypes[input.regime].includes(input.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `"${input.type}" is not a right under ${regimeTable[input.regime].label}.`,
      });
    }
  });
export type ClockInput = z.infer<typeof clockInputSchema>;

export const clockResultSchema = z.object({
  statutory: z.object({
    dueOn: isoCalendarDateSchema,
    extendedDueOn: isoCalendarDateSchema.optional(),
    extensionNoticeBy: isoCalendarDateSchema.optional(),
    rule: z.string(),
    state: z.enum(clockStates),
  }),
  acknowledgeBy: isoCalendarDateSchema.optional(),
  /** `superseded`: an extension has been noticed, so the company SLA is no longer the date to meet (and is missed). */
  company: z.object({ dueOn: isoCalendarDateSchema, superseded: z.boolean() }),
  effective: z.object({
    dueOn: isoCalendarDateSchema,
    source: z.enum(['statutory', 'company', 'minor_target']),
  }),
  /**
   * A minor's erasure (product.md §2): the short internal target, counted in hours from the instant of
   * receipt (not paused, not extended). Set by `deriveDueDates`, which knows that instant; the engine alone
   * works in calendar dates and never sets it.
   */
  minorTarget: z
    .object({ at: z.iso.datetime(), dueOn: isoCalendarDateSchema, hours: z.int().min(1) })
    .optional(),
  paused: z.boolean(),
  pausedDays: z.int().min(0),
  explanation: z.string(),
  warnings: z.array(z.string()),
});
export type ClockResult = z.infer<typeof clockResultSchema>;
