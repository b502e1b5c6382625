import { z } from 'zod';
import { idSchema } from '../common/fields.js';
import {
  connectorKinds,
  platformRetentionScopes,
  retentionGrounds,
} from '../inventory/inventory.constants.js';
import { requestStatuses } from '../requests/requests.constants.js';
import {
  justificationReasons,
  lineActions,
  lineForcedBy,
  lineStatuses,
  planEvents,
} from './erasure.constants.js';

const version = z.number({ message: 'Give the plan’s version you saw.' }).int().min(0);

const note = (what: string) =>
  z
    .string({ message: `Write ${what}.` })
    .trim()
    .min(1, `Write ${what}.`)
    .max(1000, 'At most 1000 characters.');

export const planRequestInputSchema = z.object({ requestId: idSchema });

/** Prepare the plan: the request's version, as on every request change (someone may have moved it). */
export const planPrepareInputSchema = z.object({
  requestId: idSchema,
  requestVersion: z.number({ message: 'Give the request’s version you saw.' }).int().min(0),
});

export const planLineChangeInputSchema = z.object({
  requestId: idSchema,
  planVersion: version,
  lineId: idSchema,
  action: z.enum(lineActions, { message: 'Choose delete, anonymise, retain or holds nothing.' }),
  ground: z.enum(retentionGrounds, { message: 'Choose a legal ground.' }).nullable(),
  note: z.string().trim().max(1000, 'At most 1000 characters.').nullable(),
});

export const planSubmitInputSchema = z.object({ requestId: idSchema, planVersion: version });

/** Approve or reject: the version reviewed (a plan changed since is refused) and the decision's note. */
export const planDecisionInputSchema = z.object({
  requestId: idSchema,
  planVersion: version,
  note: note('a note on your decision'),
});

export const planCancelInputSchema = z.object({
  requestId: idSchema,
  planVersion: version,
  note: note('why the erasure is cancelled'),
});

/** A manual task closed: what was done, where, and how it was checked (the certificate shows it). */
export const taskCloseInputSchema = z.object({
  requestId: idSchema,
  lineId: idSchema,
  evidence: note('what you did and how you checked it'),
});

/** A line that cannot be done, justified with the detailed explanation the law asks for. */
export const lineJustifyInputSchema = z.object({
  requestId: idSchema,
  lineId: idSchema,
  reason: z.enum(justificationReasons, { message: 'Choose impossible or disproportionate effort.' }),
  explanation: z
    .string({ message: 'Explain in detail why it cannot be done.' })
    .trim()
    .min(40, 'Explain in detail why it cannot be done (at least 40 characters).')
    .max(2000, 'At most 2000 characters.'),
});

/** One open manual task of the reader's: the request, the system and what to do — no personal data. */
export const erasureTaskSchema = z.object({
  requestId: idSchema,
  reference: z.string(),
  lineId: idSchema,
  system: z.object({ id: idSchema, name: z.string(), instructions: z.string() }),
  /** For a recipient's notification: whom to tell. */
  recipient: z.string().nullable(),
  action: z.enum(lineActions),
  scope: z.string().nullable(),
  accountNumber: z.string().nullable(),
  openedAt: z.iso.datetime(),
});
export type ErasureTask = z.infer<typeof erasureTaskSchema>;
export const erasureTasksOutputSchema = z.object({ items: z.array(erasureTaskSchema) });
export type ErasureTasks = z.infer<typeof erasureTasksOutputSchema>;

const staffRef = z.object({ id: idSchema, name: z.string() });

export const planLineViewSchema = z.object({
  id: idSchema,
  position: z.number().int().min(0),
  system: z.object({
    id: idSchema,
    key: z.string(),
    name: z.string(),
    connectorKind: z.enum(connectorKinds),
  }),
  /** A notification line's recipient (GDPR Art. 19): a subprocessor receiving this system's data. */
  recipient: z.object({ id: idSchema, name: z.string() }).nullable(),
  scope: z.string().nullable(),
  platformScope: z.enum(platformRetentionScopes).nullable(),
  action: z.enum(lineActions),
  ground: z.enum(retentionGrounds).nullable(),
  law: z.string().nullable(),
  forcedBy: z.enum(lineForcedBy).nullable(),
  note: z.string().nullable(),
  status: z.enum(lineStatuses),
  /** Execution: rows the platform's connector reported, or the records a receiver reported erased. */
  rows: z.number().int().min(0).nullable(),
  /**
   * A running line waits for a receiver's signed answer, for its system owner's evidence, or (a recipient's
   * notification) for the system's own erasure call, which tells the recipient.
   */
  waitingFor: z.enum(['receiver', 'owner', 'call']).nullable(),
  /** The system's owner (who closes a manual task). */
  owner: z.object({ id: idSchema, name: z.string() }).nullable(),
  failure: z.string().nullable(),
  /**
   * How a recipient's line was settled without a person: told by its system's signed erasure call, or
   * nothing to tell (nothing was erased in that system). Null otherwise (a task closed shows its evidence).
   */
  notice: z.enum(['erasure_call', 'nothing_erased']).nullable(),
  evidence: z.string().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  finishedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
});
export type PlanLineView = z.infer<typeof planLineViewSchema>;

export const planViewSchema = z.object({
  id: idSchema,
  requestId: idSchema,
  /** The request's status says where the plan stands: in progress (draft) … fulfilling, completed. */
  status: z.enum(requestStatuses),
  version: z.number().int().min(1),
  preparedBy: staffRef.nullable(),
  preparedAt: z.iso.datetime(),
  /** Everyone who prepared or changed it: none of them may approve it. */
  editors: z.array(staffRef),
  submitted: z
    .object({ by: staffRef.nullable(), at: z.iso.datetime(), version: z.number().int() })
    .nullable(),
  decision: z
    .object({
      kind: z.enum(['approved', 'rejected']),
      by: staffRef.nullable(),
      at: z.iso.datetime(),
      note: z.string(),
    })
    .nullable(),
  /** When an approved plan's first line may start; an officer may cancel until then. */
  graceEndsAt: z.iso.datetime().nullable(),
  executionStartedAt: z.iso.datetime().nullable(),
  lines: z.array(planLineViewSchema),
  /** What the reader may do now, and why not where the obvious next step is closed to them. */
  can: z.object({
    change: z.boolean(),
    submit: z.boolean(),
    decide: z.boolean(),
    cancel: z.boolean(),
  }),
  blockers: z.array(z.string()),
});
export type PlanView = z.infer<typeof planViewSchema>;

export const planOutputSchema = z.object({
  plan: planViewSchema.nullable(),
  /** Whether the reader may prepare a plan now, and if not (for an erasure), why. */
  canPrepare: z.boolean(),
  prepareBlocker: z.string().nullable(),
});
export type PlanOutput = z.infer<typeof planOutputSchema>;

/** What the plan's mutations answer: the plan as it now is, and the request's new version. */
export const planChangeOutputSchema = z.object({
  plan: planViewSchema,
  requestVersion: z.number().int().min(0),
});
export type PlanChangeOutput = z.infer<typeof planChangeOutputSchema>;

/** The request timeline's entry for a plan event (stored as is). */
export const planEventShape = {
  event: z.enum(planEvents),
  planVersion: z.number().int().min(1),
  note: z.string().nullable(),
  /** For a line change: the system, what the line now does, and on what ground. */
  line: z
    .object({
      system: z.string(),
      scope: z.string().nullable(),
      action: z.enum(lineActions),
      ground: z.enum(retentionGrounds).nullable(),
    })
    .nullable(),
};

/**
 * The erasure's proof (issue 15, item 7): every system, what was done there, when and by whom, with the
 * plan's approval and what keeps a restored backup from bringing the person back. Identifies the subject by
 * account number only.
 */
export const certificateSchema = z.object({
  requestId: idSchema,
  reference: z.string(),
  regime: z.string(),
  status: z.enum(requestStatuses),
  outcome: z.enum(['fulfilled', 'partially_fulfilled']).nullable(),
  receivedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  accountNumber: z.string().nullable(),
  plan: z.object({
    version: z.number().int(),
    preparedBy: z.string().nullable(),
    preparedAt: z.iso.datetime(),
    approvedBy: z.string().nullable(),
    approvedAt: z.iso.datetime().nullable(),
    approvalNote: z.string().nullable(),
    executionStartedAt: z.iso.datetime().nullable(),
  }),
  lines: z.array(
    z.object({
      system: z.string(),
      connector: z.enum(connectorKinds),
      /** The recipient told of the erasure, for a notification line. */
      recipient: z.string().nullable(),
      scope: z.string().nullable(),
      action: z.enum(lineActions),
      ground: z.enum(retentionGrounds).nullable(),
      law: z.string().nullable(),
      note: z.string().nullable(),
      status: z.enum(lineStatuses),
      rows: z.number().int().min(0).nullable(),
      /** Per table, for the platform's connector. */
      tables: z
        .array(
          z.object({
            table: z.string(),
            deleted: z.number().int(),
            anonymised: z.number().int(),
            retained: z.number().int(),
          }),
        )
        .nullable(),
      startedAt: z.iso.datetime().nullable(),
      finishedAt: z.iso.datetime().nullable(),
      /** Who did it: a person for a manual task, else the connector. */
      doneBy: z.string().nullable(),
      evidence: z.string().nullable(),
    }),
  ),
  backups: z.object({ suppressed: z.boolean(), statement: z.string() }),
  issuedAt: z.iso.datetime(),
});
export type Certificate = z.infer<typeof certificateSchema>;
